import {
  BackupRequirements,
  DatastoreStatus,
  ObservedPosture,
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
  const problems: string[] = [];
  if (archiving && archiving.status !== 'True') {
    problems.push(
      `WAL archiving is failing${
        archiving.message ? `: ${archiving.message}` : ''
      }`,
    );
  }
  if (lastBackup && lastBackup.status !== 'True') {
    problems.push(
      `the last backup failed${
        lastBackup.message ? `: ${lastBackup.message}` : ''
      }`,
    );
  }
  if (!problems.length && !lastBackupAt && !firstRecoverabilityPoint) {
    problems.push('no base backup has completed yet');
  }
  const pitr = archiving?.status === 'True';
  const window = firstRecoverabilityPoint
    ? ` Recoverable from ${firstRecoverabilityPoint}.`
    : '';
  const where = plugin
    ? `Barman Cloud plugin${
        objectStoreName ? ` (ObjectStore ${objectStoreName})` : ''
      }`
    : 'in-tree Barman object store';
  const backup: BackupStatus = {
    posture: problems.length ? 'at-risk' : 'protected',
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    pitr,
    ...(lastBackupAt ? { lastBackupAt } : {}),
    ...(firstRecoverabilityPoint
      ? { recoverableFrom: firstRecoverabilityPoint }
      : {}),
    detail: problems.length
      ? `Backups to the ${where} are at risk: ${problems.join('; ')}.${window}`
      : `Backed up to the ${where}${
          pitr ? ' with WAL archiving' : ''
        }.${window}`,
  };
  return {
    backup,
    observed: {
      backupsEnabled: true,
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      ...(archiving ? { pitr } : {}),
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
  const notReady = phase !== 'Ready';
  const risks = [
    ...(notReady
      ? [`the Dragonfly is ${phase ?? 'not reporting a phase'}`]
      : []),
    ...(!offsite && isRequired(requirements)
      ? ['snapshots stay on a volume in the cluster']
      : []),
  ];
  return {
    backup: {
      posture: risks.length ? 'at-risk' : 'protected',
      pitr: false,
      detail: `Snapshots on "${cron}" to ${dir ?? 'the default volume'}.${
        risks.length ? ` At risk: ${risks.join('; ')}.` : ''
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
 * `BackupRetentionPeriod` > 0, and then point-in-time recovery works up to
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
  const recoverableFrom = new Date(
    now.getTime() - retentionDays * 86_400_000,
  ).toISOString();
  const risks: string[] = [];
  if (retentionDays < requirements.minRetentionDays) {
    risks.push(
      `kept ${retentionDays} days, the policy requires ${requirements.minRetentionDays}`,
    );
  }
  if (
    requirements.deletionProtection &&
    instance.DeletionProtection === false
  ) {
    risks.push('deletion protection is off');
  }
  if (!latest) risks.push('no restorable time reported yet');
  return {
    backup: {
      posture: risks.length ? 'at-risk' : 'protected',
      retentionDays,
      pitr: true,
      ...(latest ? { lastBackupAt: latest } : {}),
      recoverableFrom,
      detail: `Observed in AWS (${
        instance.DBInstanceStatus ?? 'unknown state'
      }): automated backups kept ${retentionDays} days, restorable up to ${
        latest ?? 'an unknown time'
      }${risks.length ? `. At risk: ${risks.join('; ')}` : ''}.`,
    },
    observed,
  };
}
