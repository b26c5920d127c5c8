import { CloudLister } from './LiveCollector';
import { NeonReader } from './NeonReader';
import { RdsReader } from './RdsReader';

/** RDS in one region: one paginated `DescribeDBInstances` per cycle, the instances in use kept. */
export function rdsLister(reader: RdsReader): CloudLister {
  return {
    id: 'rds',
    source: { id: `rds/${reader.region}`, kind: 'rds/db-instances' },
    async list(names) {
      const wanted = new Set(names);
      const { instances, pages } = await reader.listAll();
      return {
        calls: pages,
        observations: instances
          .filter(i => wanted.has(i.DBInstanceIdentifier ?? ''))
          .map(i => ({
            namespace: '',
            name: i.DBInstanceIdentifier!,
            // The fields the status reads, not the SDK's whole description.
            object: {
              DBInstanceIdentifier: i.DBInstanceIdentifier,
              DBInstanceStatus: i.DBInstanceStatus,
              BackupRetentionPeriod: i.BackupRetentionPeriod,
              DeletionProtection: i.DeletionProtection,
              MultiAZ: i.MultiAZ,
              LatestRestorableTime: i.LatestRestorableTime,
            },
          })),
      };
    },
  };
}

/** Neon's projects: one paginated list per cycle, then each project in use. */
export function neonLister(reader: NeonReader): CloudLister {
  return {
    id: 'neon',
    source: { id: 'neon/projects', kind: 'neon/projects' },
    async list(names) {
      const { projects, failures, calls } = await reader.listAll(names);
      return {
        calls,
        // Two projects may share a name: the id keeps both, and the status says it cannot tell.
        observations: [
          ...projects.map(p => ({ namespace: p.id, name: p.name, object: p })),
          // Listed but not read: known to exist, its state unknown, the others unaffected.
          ...failures.map(f => ({
            namespace: f.id,
            name: f.name,
            object: { id: f.id, name: f.name },
            error: f.reason,
          })),
        ],
      };
    },
  };
}
