import {
  BackupRequirements,
  gradeBackup,
} from '@datastores/plugin-datastores-common';
import {
  BackupStatus,
  ObservedBackup,
  SCHEDULED_BACKUP_BOUND_MS,
  str,
  unconfigured,
} from '../../status/backup';
import {
  KubeObject,
  findCondition,
  parseRetentionDays,
} from '../../status/kube';
import { SecretSync } from '../../status/secretSync';

const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';
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
 * The connection secret of a self-hosted Postgres: CloudNativePG writes `<cluster>-app` itself
 * and records its version in `status.secretsResourceVersion.applicationSecretVersion`, which is
 * the observation that the secret exists.
 * @public
 */
export function secretSyncFromCnpgCluster(cluster: KubeObject): SecretSync {
  const version =
    cluster.status?.secretsResourceVersion?.applicationSecretVersion;
  return typeof version === 'string' && version
    ? {
        status: 'synced',
        message: `CloudNativePG wrote ${cluster.metadata.name}-app (version ${version}).`,
      }
    : {
        status: 'pending',
        message: `CloudNativePG has not written ${cluster.metadata.name}-app yet.`,
      };
}
