import { backupRequirements } from '@datastores/plugin-datastores-common';
import {
  backupFromCnpgCluster,
  backupFromRdsInstance,
  readinessFromRdsStatus,
  secretSyncFromCnpgCluster,
} from '../providers';
import {
  readinessFromComposite,
  readinessFromOperatorObject,
} from './readiness';
import { secretSyncFromExternalSecret } from './secretSync';

/** The faults issue 13 found, one source at a time: none of them may come out green. */
const now = new Date('2026-11-20T12:00:00Z');
const critical = backupRequirements('catastrophic', 'production');
const rebuildable = backupRequirements('reconstructable', 'production');
const healthy = [
  { type: 'ContinuousArchiving', status: 'True' },
  { type: 'LastBackupSucceeded', status: 'True' },
];
const pluginCluster = (status: object) => ({
  kind: 'Cluster',
  metadata: { name: 'orders-reports-production', namespace: 'orders' },
  spec: {
    plugins: [
      {
        name: 'barman-cloud.cloudnative-pg.io',
        isWALArchiver: true,
        parameters: { barmanObjectName: 'orders-reports-production-backups' },
      },
    ],
  },
  status: { conditions: healthy, ...status },
});
const store = (retentionPolicy: string, lastSuccessfulBackupTime: string) => ({
  kind: 'ObjectStore',
  metadata: { name: 'orders-reports-production-backups', namespace: 'orders' },
  spec: { retentionPolicy },
  status: {
    serverRecoveryWindow: {
      'orders-reports-production': {
        firstRecoverabilityPoint: '2026-11-10T00:00:00Z',
        lastSuccessfulBackupTime,
      },
    },
  },
});

describe('CloudNativePG, graded against the policy like every provider', () => {
  it('is protected with retention >= the minimum and a recent base backup', () => {
    expect(
      backupFromCnpgCluster({
        cluster: pluginCluster({}),
        objectStores: [store('7d', '2026-11-20T02:00:00Z')],
        requirements: rebuildable,
        now,
      }).backup.posture,
    ).toBe('protected');
  });

  it('is at risk when kept 2 days against a minimum of 7', () => {
    const { backup } = backupFromCnpgCluster({
      cluster: pluginCluster({}),
      objectStores: [store('2d', '2026-11-20T02:00:00Z')],
      requirements: rebuildable,
      now,
    });
    expect(backup.posture).toBe('at-risk');
    expect(backup.detail).toContain(
      'kept 2 days, the policy requires at least 7',
    );
  });

  it('is at risk when the last base backup is 3 days old', () => {
    const { backup } = backupFromCnpgCluster({
      cluster: pluginCluster({}),
      objectStores: [store('7d', '2026-11-17T12:00:00Z')],
      requirements: rebuildable,
      now,
    });
    expect(backup.posture).toBe('at-risk');
    expect(backup.detail).toContain('the last base backup is 3 days old');
  });

  it('is unknown, not protected, when the ObjectStore (its retention) was not observed', () => {
    const { backup } = backupFromCnpgCluster({
      cluster: pluginCluster({ lastSuccessfulBackup: '2026-11-20T02:00:00Z' }),
      objectStores: [],
      requirements: rebuildable,
      now,
    });
    expect(backup.posture).toBe('unknown');
    expect(backup.detail).toContain('the retention was not observed');
  });
});

describe('RDS', () => {
  const instance = {
    DBInstanceStatus: 'available',
    BackupRetentionPeriod: 7,
    DeletionProtection: true,
    MultiAZ: true,
    LatestRestorableTime: '2026-11-20T11:55:00Z',
  };
  it('is protected when available, kept 7 days and restorable 5 minutes ago', () => {
    expect(
      backupFromRdsInstance({ instance, requirements: critical, now }).backup
        .posture,
    ).toBe('protected');
  });
  it.each(['storage-full', 'failed', 'incompatible-restore', 'stopped'])(
    'is at risk while the instance is %s',
    state => {
      const { backup } = backupFromRdsInstance({
        instance: { ...instance, DBInstanceStatus: state },
        requirements: critical,
        now,
      });
      expect(backup.posture).toBe('at-risk');
      expect(backup.detail).toContain(`the instance is ${state}`);
      expect(readinessFromRdsStatus(state).state).toBe('not-ready');
    },
  );
  it('is at risk when the latest restorable time is 3 days old', () => {
    const { backup } = backupFromRdsInstance({
      instance: { ...instance, LatestRestorableTime: '2026-11-17T12:00:00Z' },
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('at-risk');
    expect(backup.detail).toContain('the latest restorable time is 3 days old');
  });
  it('is unknown when no restorable time is reported', () => {
    const { LatestRestorableTime: _, ...withoutTime } = instance;
    expect(
      backupFromRdsInstance({
        instance: withoutTime,
        requirements: critical,
        now,
      }).backup.posture,
    ).toBe('unknown');
  });
});

describe('secret sync', () => {
  const synced = {
    kind: 'ExternalSecret',
    metadata: { name: 'orders-main-production' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws' },
    },
    status: {
      refreshTime: '2026-11-20T11:30:00Z',
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    },
  };
  it('is an error, not synced, while the store it reads is not ready', () => {
    const result = secretSyncFromExternalSecret({
      externalSecretName: 'orders-main-production',
      externalSecret: synced,
      store: {
        kind: 'ClusterSecretStore',
        metadata: { name: 'aws' },
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'InvalidProviderConfig',
              message: 'AccessDenied',
            },
          ],
        },
      },
      terraformPending: false,
      now,
    });
    expect(result.status).toBe('error');
    expect(result.message).toContain(
      'ClusterSecretStore aws is not ready (InvalidProviderConfig: AccessDenied)',
    );
  });
  it("observes CloudNativePG's own secret through the Cluster's status", () => {
    const cluster = {
      kind: 'Cluster',
      metadata: { name: 'orders-reports-dev' },
    };
    expect(
      secretSyncFromCnpgCluster({
        ...cluster,
        status: {
          secretsResourceVersion: { applicationSecretVersion: '1234' },
        },
      }).status,
    ).toBe('synced');
    expect(secretSyncFromCnpgCluster({ ...cluster, status: {} }).status).toBe(
      'pending',
    );
  });
});

describe('readiness', () => {
  it('reads the Cluster Ready condition and the Dragonfly phase; Redis has none', () => {
    expect(
      readinessFromOperatorObject({
        kind: 'Cluster',
        metadata: { name: 'c' },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      }).state,
    ).toBe('ready');
    expect(
      readinessFromOperatorObject({
        kind: 'Cluster',
        metadata: { name: 'c' },
        status: {},
      }).state,
    ).toBe('unknown');
    expect(
      readinessFromOperatorObject({
        kind: 'Dragonfly',
        metadata: { name: 'd' },
        status: { phase: 'Configuring' },
      }),
    ).toMatchObject({ state: 'not-ready', phase: 'Configuring' });
    expect(
      readinessFromOperatorObject({
        kind: 'Dragonfly',
        metadata: { name: 'd' },
        status: { phase: 'Ready' },
      }).state,
    ).toBe('ready');
    expect(
      readinessFromOperatorObject({ kind: 'Redis', metadata: { name: 'r' } })
        .state,
    ).toBe('unknown');
    expect(
      readinessFromComposite({ kind: 'CacheInstance', name: 'x' }).state,
    ).toBe('unknown');
    expect(
      readinessFromComposite({
        kind: 'CacheInstance',
        name: 'x',
        ready: false,
        message: 'composing',
      }),
    ).toEqual({ state: 'not-ready', message: 'composing' });
  });
});
