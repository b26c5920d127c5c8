import {
  BackupRequirements,
  DatastoreStatus,
  ObservedPosture,
  gradeBackup,
} from '@datastores/plugin-datastores-common';
import { KubeObject, findCondition, parseRetentionDays } from './kube';

/** A datastore's backup posture (`DatastoreStatus.backup`). @public */
export type BackupStatus = DatastoreStatus['backup'];

/** A backup posture and what it says for the compliance grade. @public */
export interface ObservedBackup {
  backup: BackupStatus;
  observed: ObservedPosture;
}

function isRequired(requirements: BackupRequirements): boolean {
  return (
    requirements.mode === 'continuous' || requirements.mode === 'scheduled'
  );
}

function unconfigured(
  requirements: BackupRequirements,
  what: string,
): ObservedBackup {
  return isRequired(requirements)
    ? {
        backup: {
          posture: 'unprotected',
          detail: `${what}; the policy requires ${requirements.mode} backups.`,
        },
        observed: { backupsEnabled: false },
      }
    : {
        backup: { posture: 'not-required', detail: `${what}: not required.` },
        observed: { backupsEnabled: false },
      };
}

const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** A daily base backup, with a day of slack: older than this, the schedule is not running. @public */
export const SCHEDULED_BACKUP_BOUND_MS = 48 * 3_600_000;
/**
 * RDS's LatestRestorableTime trails by about five minutes; an hour behind, continuous backups
 * have stopped.
 * @public
 */
export const CONTINUOUS_BACKUP_BOUND_MS = 3_600_000;

/** RDS instance states in which its automated backups keep working. */
const RDS_HEALTHY_STATES = new Set([
  'available',
  'backing-up',
  'modifying',
  'maintenance',
  'upgrading',
  'configuring-enhanced-monitoring',
  'configuring-log-exports',
  'renaming',
  'resetting-master-credentials',
  'storage-optimization',
]);

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * The backup posture of a CloudNativePG `Cluster` (`postgresql.cnpg.io/v1`): in-tree
 * `backup.barmanObjectStore`, or the Barman Cloud plugin with its `ObjectStore`
 * (`barmancloud.cnpg.io/v1`). `ContinuousArchiving` and `LastBackupSucceeded` decide between
 * `protected` and `at-risk`; the recovery window comes from `Cluster.status`
 * (`firstRecoverabilityPoint`, `lastSuccessfulBackup`) or the `ObjectStore`'s
 * `serverRecoveryWindow`. Without backups: `not-required` when the data may be lost
 * (ephemeral), else `unprotected`.
 * @public
 */
export function backupFromCnpgCluster(input: {
  cluster: KubeObject;
  /** The `ObjectStore` objects read with the cluster; the one the plugin names is used. */
  objectStores?: KubeObject[];
  requirements: BackupRequirements;
  now: Date;
}): ObservedBackup & { objectStoreName?: string } {
  const { cluster, requirements } = input;
  const plugin = Array.isArray(cluster.spec?.plugins)
    ? cluster.spec.plugins.find(
        (p: any) => p?.name === BARMAN_PLUGIN && p?.enabled !== false,
      )
    : undefined;
  const inTree = cluster.spec?.backup?.barmanObjectStore;
  if (!plugin && !inTree) {
    return unconfigured(requirements, 'No backups are configured');
  }

  let retentionDays: number | undefined;
  let firstRecoverabilityPoint: string | undefined;
  let lastBackupAt: string | undefined;
  let objectStoreName: string | undefined;
  if (plugin) {
    objectStoreName = str(plugin.parameters?.barmanObjectName);
    const serverName =
      str(plugin.parameters?.serverName) ?? cluster.metadata.name;
    const store = input.objectStores?.find(
      s =>
        s.metadata.name === objectStoreName &&
        (!cluster.metadata.namespace ||
          !s.metadata.namespace ||
          s.metadata.namespace === cluster.metadata.namespace),
    );
    retentionDays = parseRetentionDays(store?.spec?.retentionPolicy);
    const window = store?.status?.serverRecoveryWindow?.[serverName];
    firstRecoverabilityPoint = str(window?.firstRecoverabilityPoint);
    lastBackupAt = str(window?.lastSuccessfulBackupTime);
  } else {
    retentionDays = parseRetentionDays(cluster.spec?.backup?.retentionPolicy);
    firstRecoverabilityPoint = str(cluster.status?.firstRecoverabilityPoint);
    lastBackupAt = str(cluster.status?.lastSuccessfulBackup);
  }

  const archiving = findCondition(cluster, 'ContinuousArchiving');
  const lastBackup = findCondition(cluster, 'LastBackupSucceeded');
  const failures: string[] = [];
  if (archiving && archiving.status !== 'True') {
    failures.push(
      `WAL archiving is failing${
        archiving.message ? `: ${archiving.message}` : ''
      }`,
    );
  }
  if (lastBackup && lastBackup.status !== 'True') {
    failures.push(
      `the last backup failed${
        lastBackup.message ? `: ${lastBackup.message}` : ''
      }`,
    );
  }
  const pitr = archiving ? archiving.status === 'True' : undefined;
  const grade = gradeBackup(
    {
      enabled: true,
      retentionDays,
      pitr,
      latest: {
        at: lastBackupAt ?? firstRecoverabilityPoint,
        boundMs: SCHEDULED_BACKUP_BOUND_MS,
        what: 'last base backup',
      },
      failures,
    },
    requirements,
    input.now,
  );
  const window = firstRecoverabilityPoint
    ? ` Recoverable from ${firstRecoverabilityPoint}.`
    : '';
  const where = plugin
    ? `Barman Cloud plugin${
        objectStoreName ? ` (ObjectStore ${objectStoreName})` : ''
      }`
    : 'in-tree Barman object store';
  const backup: BackupStatus = {
    posture: grade.posture,
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    ...(pitr !== undefined ? { pitr } : {}),
    ...(lastBackupAt ? { lastBackupAt } : {}),
    ...(firstRecoverabilityPoint
      ? { recoverableFrom: firstRecoverabilityPoint }
      : {}),
    detail: grade.reasons.length
      ? `Backups to the ${where}: ${grade.reasons.join('; ')}.${window}`
      : `Backed up to the ${where}${
          pitr ? ' with WAL archiving' : ''
        }, kept ${retentionDays} days.${window}`,
  };
  return {
    backup,
    observed: {
      backupsEnabled: true,
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      ...(pitr !== undefined ? { pitr } : {}),
    },
    ...(objectStoreName ? { objectStoreName } : {}),
  };
}

/**
 * The phase and backup posture of a `Dragonfly` (`dragonflydb.io/v1alpha1`): it reports
 * `status.phase` only, so the posture comes from `spec.snapshot` (`dir`, `cron`).
 * @public
 */
export function backupFromDragonfly(input: {
  dragonfly: KubeObject;
  requirements: BackupRequirements;
  now: Date;
}): ObservedBackup & { phase?: string } {
  const { dragonfly, requirements } = input;
  const phase = str(dragonfly.status?.phase);
  const snapshot = dragonfly.spec?.snapshot;
  const cron = str(snapshot?.cron);
  const dir = str(snapshot?.dir);
  if (!cron) {
    const result = unconfigured(
      requirements,
      dir
        ? `Snapshots go to ${dir} on shutdown only (no cron)`
        : 'No snapshots are configured',
    );
    return { ...result, ...(phase ? { phase } : {}) };
  }
  const offsite = !!dir && dir.startsWith('s3://');
  const failures = [
    ...(phase !== 'Ready'
      ? [`the Dragonfly is ${phase ?? 'not reporting a phase'}`]
      : []),
    ...(!offsite && isRequired(requirements)
      ? ['snapshots stay on a volume in the cluster']
      : []),
  ];
  // Graded like every provider. Dragonfly keeps no retention of its own (its snapshots stay
  // as long as the bucket or volume keeps them), so a required retention is never proven.
  const grade = gradeBackup(
    { enabled: true, pitr: false, failures },
    requirements,
    input.now,
  );
  return {
    backup: {
      posture: grade.posture,
      pitr: false,
      detail: `Snapshots on "${cron}" to ${dir ?? 'the default volume'}.${
        grade.reasons.length
          ? ` ${
              grade.posture === 'unknown' ? 'Not proven' : 'At risk'
            }: ${grade.reasons.join('; ')}${
              grade.reasons.includes('the retention was not observed')
                ? ' (Dragonfly keeps snapshots as long as their bucket or volume does)'
                : ''
            }.`
          : ''
      }`,
    },
    observed: { backupsEnabled: true, pitr: false },
    ...(phase ? { phase } : {}),
  };
}

/**
 * The backup posture of an OT-Container-Kit `Redis` (`redis.redis.opstreelabs.in/v1beta2`):
 * it persists to its volume when `spec.storage` is set, with no off-site copy.
 * @public
 */
export function backupFromRedis(input: {
  redis: KubeObject;
  requirements: BackupRequirements;
}): ObservedBackup & { phase?: string } {
  const { redis, requirements } = input;
  const phase = str(redis.status?.state) ?? str(redis.status?.phase);
  const storage = redis.spec?.storage?.volumeClaimTemplate;
  if (!storage) {
    return {
      ...unconfigured(requirements, 'No persistent storage is configured'),
      ...(phase ? { phase } : {}),
    };
  }
  return {
    backup: isRequired(requirements)
      ? {
          posture: 'at-risk',
          pitr: false,
          detail:
            'Persisted to a volume in the cluster only; the policy requires backups kept elsewhere.',
        }
      : {
          posture: 'not-required',
          pitr: false,
          detail: 'Persisted to a volume in the cluster; backups not required.',
        },
    observed: { backupsEnabled: false },
    ...(phase ? { phase } : {}),
  };
}

/** What `DescribeDBInstances` says of one instance (the fields the mapper reads). @public */
export interface RdsInstanceDescription {
  DBInstanceIdentifier?: string;
  DBInstanceStatus?: string;
  BackupRetentionPeriod?: number;
  DeletionProtection?: boolean;
  MultiAZ?: boolean;
  LatestRestorableTime?: Date | string;
}

function iso(value: Date | string | undefined): string | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The observed posture of an RDS instance: automated backups are on when
 * `BackupRetentionPeriod > 0`, and then point-in-time recovery works up to
 * `LatestRestorableTime`; the window starts `BackupRetentionPeriod` days earlier.
 * @public
 */
export function backupFromRdsInstance(input: {
  instance: RdsInstanceDescription;
  requirements: BackupRequirements;
  now: Date;
}): ObservedBackup {
  const { instance, requirements, now } = input;
  const retentionDays = instance.BackupRetentionPeriod ?? 0;
  const enabled = retentionDays > 0;
  const observed: ObservedPosture = {
    backupsEnabled: enabled,
    retentionDays,
    pitr: enabled,
    ...(instance.DeletionProtection !== undefined
      ? { deletionProtection: instance.DeletionProtection }
      : {}),
    ...(instance.MultiAZ !== undefined ? { multiAz: instance.MultiAZ } : {}),
  };
  if (!enabled) {
    return {
      ...unconfigured(requirements, 'Automated backups are off in AWS'),
      observed,
    };
  }
  const latest = iso(instance.LatestRestorableTime);
  const state = instance.DBInstanceStatus;
  const failures: string[] = [];
  if (!state) failures.push('AWS did not report the instance state');
  else if (!RDS_HEALTHY_STATES.has(state))
    failures.push(`the instance is ${state}`);
  const grade = gradeBackup(
    {
      enabled: true,
      retentionDays,
      pitr: true,
      ...(instance.DeletionProtection !== undefined
        ? { deletionProtection: instance.DeletionProtection }
        : {}),
      latest: {
        at: latest,
        boundMs: CONTINUOUS_BACKUP_BOUND_MS,
        what: 'latest restorable time',
      },
      failures,
    },
    requirements,
    now,
  );
  const recoverableFrom = new Date(
    now.getTime() - retentionDays * 86_400_000,
  ).toISOString();
  return {
    backup: {
      posture: grade.posture,
      retentionDays,
      pitr: true,
      ...(latest ? { lastBackupAt: latest } : {}),
      recoverableFrom,
      detail: `Observed in AWS (${
        state ?? 'unknown state'
      }): automated backups kept ${retentionDays} days, restorable up to ${
        latest ?? 'an unknown time'
      }${
        grade.reasons.length
          ? `. ${
              grade.posture === 'unknown' ? 'Not proven' : 'At risk'
            }: ${grade.reasons.join('; ')}`
          : ''
      }.`,
    },
    observed,
  };
}
