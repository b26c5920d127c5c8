import { backupRequirements } from '@datastores/plugin-datastores-common';
import {
  backupFromCnpgCluster,
  backupFromDragonfly,
  backupFromRdsInstance,
  backupFromRedis,
} from '../providers';
import { crossplaneHealth } from './crossplane';
import { parseGoDuration, parseRetentionDays } from './kube';
import { secretSyncFromExternalSecret } from './secretSync';

const now = new Date('2026-11-20T12:00:00Z');
const critical = backupRequirements('catastrophic', 'production');
const rebuildable = backupRequirements('reconstructable', 'production');
const ephemeral = backupRequirements('ephemeral', 'dev');

function es(status: any, refreshInterval = '1h') {
  return {
    kind: 'ExternalSecret',
    metadata: { name: 'orders-main-production' },
    spec: { refreshInterval },
    status,
  };
}

describe('durations', () => {
  it('parses Go durations and retention policies', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('15s')).toBe(15_000);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('1 hour')).toBeUndefined();
    expect(parseRetentionDays('30d')).toBe(30);
    expect(parseRetentionDays('2w')).toBe(14);
    expect(parseRetentionDays('x')).toBeUndefined();
  });
});

describe('secretSyncFromExternalSecret', () => {
  const base = {
    externalSecretName: 'orders-main-production',
    terraformPending: false,
    now,
  };

  it('is synced when Ready, with the refresh time', () => {
    expect(
      secretSyncFromExternalSecret({
        ...base,
        externalSecret: es({
          refreshTime: '2026-11-20T11:30:00Z',
          conditions: [
            { type: 'Ready', status: 'True', reason: 'SecretSynced' },
          ],
        }),
      }),
    ).toEqual({
      status: 'synced',
      lastSyncedAt: '2026-11-20T11:30:00Z',
      refreshInterval: '1h',
    });
  });

  it('carries the refresh interval only when the ExternalSecret sets one', () => {
    const ready = {
      refreshTime: '2026-11-20T11:30:00Z',
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    };
    expect(
      secretSyncFromExternalSecret({
        ...base,
        externalSecret: es(ready, '15m'),
      }).refreshInterval,
    ).toBe('15m');
    expect(
      secretSyncFromExternalSecret({
        ...base,
        externalSecret: { ...es(ready), spec: {} },
      }),
    ).not.toHaveProperty('refreshInterval');
    expect(
      secretSyncFromExternalSecret({ ...base, externalSecret: undefined }),
    ).not.toHaveProperty('refreshInterval');
  });

  it('is stale when the refresh time is well past the interval', () => {
    const result = secretSyncFromExternalSecret({
      ...base,
      externalSecret: es({
        refreshTime: '2026-11-20T08:00:00Z',
        conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
      }),
    });
    expect(result.status).toBe('stale');
    expect(result.lastSyncedAt).toBe('2026-11-20T08:00:00Z');
  });

  it('is an error with the message, and the store explains it', () => {
    const result = secretSyncFromExternalSecret({
      ...base,
      externalSecret: es({
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'SecretSyncedError',
            message: 'could not get secret data from provider',
          },
        ],
      }),
      store: {
        kind: 'ClusterSecretStore',
        metadata: { name: 'aws' },
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'InvalidProviderConfig',
              message: 'unable to assume role',
            },
          ],
        },
      },
    });
    expect(result.status).toBe('error');
    expect(result.message).toContain('could not get secret data');
    expect(result.message).toContain(
      'ClusterSecretStore aws is not ready (InvalidProviderConfig: unable to assume role)',
    );
  });

  it('is pending, not an error, while Terraform is not applied', () => {
    const result = secretSyncFromExternalSecret({
      ...base,
      terraformPending: true,
      externalSecret: es({
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'SecretSyncedError',
            message: 'not found',
          },
        ],
      }),
    });
    expect(result.status).toBe('pending');
    expect(result.message).toMatch(/^Waiting for Terraform apply/);
  });

  it('is pending without conditions or object', () => {
    expect(
      secretSyncFromExternalSecret({ ...base, externalSecret: es({}) }).status,
    ).toBe('pending');
    expect(secretSyncFromExternalSecret(base).status).toBe('pending');
  });
});

describe('backupFromCnpgCluster', () => {
  const cluster = (spec: any, status: any = {}) => ({
    kind: 'Cluster',
    metadata: { name: 'orders-main-staging', namespace: 'orders' },
    spec,
    status,
  });
  const healthy = [
    { type: 'ContinuousArchiving', status: 'True' },
    { type: 'LastBackupSucceeded', status: 'True' },
  ];

  it('is protected with the in-tree recovery window', () => {
    const result = backupFromCnpgCluster({
      cluster: cluster(
        { backup: { barmanObjectStore: {}, retentionPolicy: '30d' } },
        {
          conditions: healthy,
          firstRecoverabilityPoint: '2026-10-21T00:00:00Z',
          lastSuccessfulBackup: '2026-11-20T00:00:00Z',
        },
      ),
      requirements: rebuildable,
      now,
    });
    expect(result.backup).toMatchObject({
      posture: 'protected',
      retentionDays: 30,
      pitr: true,
      lastBackupAt: '2026-11-20T00:00:00Z',
      recoverableFrom: '2026-10-21T00:00:00Z',
    });
    expect(result.observed).toEqual({
      backupsEnabled: true,
      retentionDays: 30,
      pitr: true,
    });
  });

  it('reads the Barman Cloud ObjectStore recovery window', () => {
    const result = backupFromCnpgCluster({
      cluster: cluster(
        {
          plugins: [
            {
              name: 'barman-cloud.cloudnative-pg.io',
              isWALArchiver: true,
              parameters: { barmanObjectName: 'orders-store' },
            },
          ],
        },
        { conditions: healthy },
      ),
      objectStores: [
        {
          kind: 'ObjectStore',
          metadata: { name: 'orders-store', namespace: 'orders' },
          spec: { retentionPolicy: '14d' },
          status: {
            serverRecoveryWindow: {
              'orders-main-staging': {
                firstRecoverabilityPoint: '2026-11-06T00:00:00Z',
                lastSuccessfulBackupTime: '2026-11-19T00:00:00Z',
              },
            },
          },
        },
      ],
      requirements: rebuildable,
      now,
    });
    expect(result.backup).toMatchObject({
      posture: 'protected',
      retentionDays: 14,
      lastBackupAt: '2026-11-19T00:00:00Z',
      recoverableFrom: '2026-11-06T00:00:00Z',
    });
    expect(result.objectStoreName).toBe('orders-store');
  });

  it('is at risk when archiving or the last backup fails', () => {
    const result = backupFromCnpgCluster({
      cluster: cluster(
        { backup: { barmanObjectStore: {} } },
        {
          conditions: [
            {
              type: 'ContinuousArchiving',
              status: 'False',
              message: 'access denied',
            },
            { type: 'LastBackupSucceeded', status: 'True' },
          ],
          lastSuccessfulBackup: '2026-11-19T00:00:00Z',
        },
      ),
      requirements: critical,
      now,
    });
    expect(result.backup.posture).toBe('at-risk');
    expect(result.backup.detail).toContain('access denied');
    expect(result.observed.pitr).toBe(false);
  });

  it('is unprotected without backups when required, not-required when ephemeral', () => {
    expect(
      backupFromCnpgCluster({
        cluster: cluster({}),
        requirements: rebuildable,
        now,
      }).backup.posture,
    ).toBe('unprotected');
    expect(
      backupFromCnpgCluster({
        cluster: cluster({}),
        requirements: ephemeral,
        now,
      }).backup.posture,
    ).toBe('not-required');
  });
});

describe('backupFromDragonfly and backupFromRedis', () => {
  it('reads the phase and the snapshot settings', () => {
    const result = backupFromDragonfly({
      dragonfly: {
        metadata: { name: 'c' },
        spec: { snapshot: { cron: '*/30 * * * *', dir: 's3://bucket/c' } },
        status: { phase: 'Ready' },
      },
      requirements: rebuildable,
      now,
    });
    expect(result.phase).toBe('Ready');
    // Dragonfly keeps no retention: a required one is never proven.
    expect(result.backup.posture).toBe('unknown');
    expect(result.backup.detail).toContain('s3://bucket/c');
    expect(result.backup.detail).toContain('the retention was not observed');

    const rolling = backupFromDragonfly({
      dragonfly: {
        metadata: { name: 'c' },
        spec: { snapshot: { cron: '0 * * * *', dir: 's3://b' } },
        status: { phase: 'RollingUpdate' },
      },
      requirements: rebuildable,
      now,
    });
    expect(rolling.backup.posture).toBe('at-risk');

    expect(
      backupFromDragonfly({
        dragonfly: {
          metadata: { name: 'c' },
          spec: {},
          status: { phase: 'Ready' },
        },
        requirements: ephemeral,
        now,
      }).backup.posture,
    ).toBe('not-required');
  });

  it('reads Redis persistence', () => {
    expect(
      backupFromRedis({
        redis: {
          metadata: { name: 'r' },
          spec: { storage: { volumeClaimTemplate: {} } },
        },
        requirements: rebuildable,
      }).backup.posture,
    ).toBe('at-risk');
    expect(
      backupFromRedis({
        redis: { metadata: { name: 'r' }, spec: {} },
        requirements: ephemeral,
      }).backup.posture,
    ).toBe('not-required');
  });
});

describe('backupFromRdsInstance', () => {
  it('observes retention, PITR and deletion protection', () => {
    const result = backupFromRdsInstance({
      instance: {
        DBInstanceStatus: 'available',
        BackupRetentionPeriod: 3,
        DeletionProtection: false,
        MultiAZ: true,
        LatestRestorableTime: '2026-11-20T11:55:00Z',
      },
      requirements: critical,
      now,
    });
    expect(result.backup).toMatchObject({
      posture: 'at-risk',
      retentionDays: 3,
      pitr: true,
      lastBackupAt: '2026-11-20T11:55:00.000Z',
      recoverableFrom: '2026-11-17T12:00:00.000Z',
    });
    expect(result.observed).toEqual({
      backupsEnabled: true,
      retentionDays: 3,
      pitr: true,
      deletionProtection: false,
      multiAz: true,
    });
    expect(
      backupFromRdsInstance({
        instance: { BackupRetentionPeriod: 0 },
        requirements: critical,
        now,
      }).backup.posture,
    ).toBe('unprotected');
  });
});

describe('crossplaneHealth', () => {
  it('reads Synced and Ready', () => {
    expect(
      crossplaneHealth({
        kind: 'PostgresInstance',
        metadata: { name: 'x' },
        status: {
          conditions: [
            { type: 'Synced', status: 'True' },
            {
              type: 'Ready',
              status: 'False',
              reason: 'Creating',
              message: 'composing',
            },
          ],
        },
      }),
    ).toEqual({
      kind: 'PostgresInstance',
      name: 'x',
      synced: true,
      ready: false,
      message: 'composing',
    });
  });
});
