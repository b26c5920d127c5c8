import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import {
  KubernetesFault,
  KubernetesObject,
  KubernetesServer,
  NeonFault,
  NeonStandIn,
  startKubernetesServer,
  startNeonStandIn,
} from '@datastores/test-servers';
import request from 'supertest';
import datastoresPlugin from '../index';
import { kubernetesClustersConfig } from '../../fixtures/live/fixtures';
import { RdsBehaviour, startRdsStandIn } from '../../fixtures/live/rdsStandIn';
import { collected, collectOnStartup } from '../../fixtures/collected';
import { usersOnly } from '../../fixtures/usersOnly';

/**
 * The status rule under faults, through the running backend: the real Kubernetes backend
 * plugin against two cluster stand-ins (east, west), RDS against its stand-in. Each scenario
 * is its own service with one datastore; the few faults that hit a whole cluster get their own
 * backend. A field is green when it says protected, synced, ready or complies: in every
 * scenario the green fields must be exactly the ones the scenario proves (none, mostly).
 */
jest.setTimeout(120_000);

type Field = 'backup' | 'secretSync' | 'readiness' | 'policy';
const GREEN: Record<Field, (d: DatastoreStatus) => boolean> = {
  backup: d => d.backup.posture === 'protected',
  secretSync: d => d.secretSync.status === 'synced',
  readiness: d => d.readiness.state === 'ready',
  policy: d => d.policy.state === 'complies',
};

interface Datastore {
  engine: 'postgres' | 'dragonfly' | 'redis';
  environment: 'production' | 'staging' | 'preview' | 'dev';
  criticality: 'catastrophic' | 'reconstructable' | 'ephemeral';
  strategy: 'managed' | 'self-hosted';
  provider: 'rds' | 'neon' | 'cloudnative-pg' | 'dragonfly' | 'redis';
}
interface Scenario {
  title: string;
  datastore: Datastore;
  /** Objects in each cluster, given the service name and the datastore's base name. */
  east?: (s: string, base: string) => KubernetesObject[];
  west?: (s: string, base: string) => KubernetesObject[];
  rds?: RdsBehaviour;
  /** The Neon project of the datastore; none: not found. */
  neon?: { retentionDays: number; state: string; protected: boolean };
  /** A fault on this scenario's own Neon project calls. */
  neonFault?: Omit<NeonFault, 'match'>;
  /** Faults injected in east for this scenario's own objects. */
  eastFaults?: (s: string) => KubernetesFault[];
  /** The fields this scenario's observations prove green; every other field must not be. */
  green?: Field[];
  /** What some fields must say. */
  expect?: Partial<{
    backup: string;
    secretSync: string;
    readiness: string;
    policy: string;
    detail: string;
  }>;
  /** The service's backstage.io/kubernetes-id, when it differs from its name. */
  kubernetesId?: string;
  /**
   * The fault hits a whole list (the collector lists RDS, Neon and the stores once per cycle,
   * for every service), so the scenario runs on a backend of its own.
   */
  accountWide?: true;
}

const LABEL = 'backstage.io/kubernetes-id';
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const H = 3_600_000;
const meta = (s: string, name: string) => ({
  name,
  namespace: s,
  labels: { [LABEL]: s },
});
const condition = (
  type: string,
  status: string,
  reason = type,
  message?: string,
) => ({
  type,
  status,
  reason,
  ...(message ? { message } : {}),
  lastTransitionTime: ago(H),
});

// --- objects, healthy unless told otherwise -------------------------------------------------
function externalSecret(
  s: string,
  name: string,
  o: {
    ready?: string;
    reason?: string;
    refreshedAgo?: number;
    none?: boolean;
  } = {},
): KubernetesObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: meta(s, name),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: `store-${s}` },
    },
    status: o.none
      ? {}
      : {
          refreshTime: ago(o.refreshedAgo ?? 10 * 60_000),
          conditions: [
            condition(
              'Ready',
              o.ready ?? 'True',
              o.reason ?? 'SecretSynced',
              o.ready === 'False'
                ? 'could not get secret data from provider'
                : undefined,
            ),
          ],
        },
  };
}
/** The ClusterSecretStore an ExternalSecret reads: cluster-scoped, with no service label. */
function store(s: string, ready = 'True'): KubernetesObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: `store-${s}` },
    spec: {
      provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
    },
    status: {
      conditions: [
        condition(
          'Ready',
          ready,
          ready === 'True' ? 'Valid' : 'InvalidProviderConfig',
          ready === 'True' ? undefined : 'unable to assume role',
        ),
      ],
    },
  };
}
function cnpg(
  s: string,
  base: string,
  o: {
    ready?: string;
    archiving?: string;
    lastBackup?: string;
    lastBackupAgo?: number | null;
    secret?: boolean;
    backups?: boolean;
  } = {},
): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: meta(s, base),
    spec: {
      instances: 1,
      ...(o.backups === false
        ? {}
        : {
            plugins: [
              {
                name: 'barman-cloud.cloudnative-pg.io',
                isWALArchiver: true,
                parameters: { barmanObjectName: `${base}-backups` },
              },
            ],
          }),
    },
    status: {
      phase:
        o.ready === 'False' ? 'Setting up primary' : 'Cluster in healthy state',
      conditions: [
        condition(
          'Ready',
          o.ready ?? 'True',
          o.ready === 'False' ? 'ClusterIsNotReady' : 'ClusterIsReady',
        ),
        ...(o.backups === false
          ? []
          : [
              condition(
                'ContinuousArchiving',
                o.archiving ?? 'True',
                'ContinuousArchiving',
                o.archiving === 'False' ? 'access denied' : undefined,
              ),
              condition(
                'LastBackupSucceeded',
                o.lastBackup ?? 'True',
                'LastBackupSucceeded',
                o.lastBackup === 'False' ? 'upload failed' : undefined,
              ),
            ]),
      ],
      ...(o.secret === false
        ? {}
        : { secretsResourceVersion: { applicationSecretVersion: '42' } }),
    },
  };
}
function objectStore(
  s: string,
  base: string,
  o: { retention?: string; lastBackupAgo?: number | null } = {},
): KubernetesObject {
  return {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: meta(s, `${base}-backups`),
    spec: {
      retentionPolicy: o.retention ?? '7d',
      configuration: { destinationPath: `s3://b/${s}/${base}` },
    },
    status:
      o.lastBackupAgo === null
        ? {}
        : {
            serverRecoveryWindow: {
              [base]: {
                firstRecoverabilityPoint: ago(6 * 24 * H),
                lastSuccessfulBackupTime: ago(o.lastBackupAgo ?? 3 * H),
              },
            },
          },
  };
}
function composite(
  s: string,
  kind: string,
  base: string,
  ready = 'True',
): KubernetesObject {
  return {
    apiVersion: 'datastores.platform.io/v1alpha1',
    kind,
    metadata: meta(s, base),
    spec: {},
    status: {
      conditions: [
        condition('Synced', 'True', 'ReconcileSuccess'),
        condition(
          'Ready',
          ready,
          ready === 'True' ? 'Available' : 'Creating',
          ready === 'True' ? undefined : 'Unready resources: cache',
        ),
      ],
    },
  };
}
function dragonfly(
  s: string,
  base: string,
  o: { phase?: string | null; snapshot?: boolean } = {},
): KubernetesObject {
  return {
    apiVersion: 'dragonflydb.io/v1alpha1',
    kind: 'Dragonfly',
    metadata: meta(s, base),
    spec: {
      replicas: 1,
      ...(o.snapshot === false
        ? {}
        : { snapshot: { cron: '0 * * * *', dir: `s3://snapshots/${base}` } }),
    },
    status: o.phase === null ? {} : { phase: o.phase ?? 'Ready' },
  };
}
function redis(s: string, base: string): KubernetesObject {
  return {
    apiVersion: 'redis.redis.opstreelabs.in/v1beta2',
    kind: 'Redis',
    metadata: meta(s, base),
    spec: {},
  };
}

// --- the datastores of the scenarios -------------------------------------------------------
const RDS: Datastore = {
  engine: 'postgres',
  environment: 'production',
  criticality: 'catastrophic',
  strategy: 'managed',
  provider: 'rds',
};
const NEON: Datastore = { ...RDS, provider: 'neon' };
const CNPG: Datastore = {
  engine: 'postgres',
  environment: 'production',
  criticality: 'reconstructable',
  strategy: 'self-hosted',
  provider: 'cloudnative-pg',
};
const CNPG_DEV: Datastore = {
  ...CNPG,
  environment: 'dev',
  criticality: 'ephemeral',
};
const DRAGONFLY: Datastore = {
  engine: 'dragonfly',
  environment: 'production',
  criticality: 'reconstructable',
  strategy: 'self-hosted',
  provider: 'dragonfly',
};
const REDIS: Datastore = {
  engine: 'redis',
  environment: 'production',
  criticality: 'ephemeral',
  strategy: 'self-hosted',
  provider: 'redis',
};

const healthyRds: RdsBehaviour = {
  status: 'available',
  retention: 7,
  latestAgoMs: 5 * 60_000,
  deletionProtection: true,
};
const synced = (s: string, base: string) => [externalSecret(s, base), store(s)];
const healthyCnpg = (s: string, base: string) => [
  cnpg(s, base),
  objectStore(s, base),
  composite(s, 'PostgresInstance', base),
];
const healthyCache = (s: string, base: string) => [
  dragonfly(s, base),
  externalSecret(s, `${base}-app`),
  store(s),
  composite(s, 'CacheInstance', base),
];

const SCENARIOS: Scenario[] = [
  // Managed on RDS: backups and readiness from AWS, the secret from its ExternalSecret.
  {
    title: 'RDS healthy, secret synced (control)',
    datastore: RDS,
    rds: healthyRds,
    east: synced,
    green: ['backup', 'secretSync', 'readiness', 'policy'],
  },
  {
    title: 'RDS kept 2 days (policy: 7)',
    datastore: RDS,
    rds: { ...healthyRds, retention: 2 },
    east: synced,
    green: ['secretSync', 'readiness'],
    expect: { backup: 'at-risk', policy: 'violates' },
  },
  {
    title: 'RDS storage-full',
    datastore: RDS,
    rds: { ...healthyRds, status: 'storage-full' },
    east: synced,
    green: ['secretSync', 'policy'],
    expect: { backup: 'at-risk', readiness: 'not-ready' },
  },
  {
    title: 'RDS failed',
    datastore: RDS,
    rds: { ...healthyRds, status: 'failed' },
    east: synced,
    green: ['secretSync', 'policy'],
    expect: { backup: 'at-risk', readiness: 'not-ready' },
  },
  {
    title: 'RDS restorable only up to 3 days ago',
    datastore: RDS,
    rds: { ...healthyRds, latestAgoMs: 3 * 24 * H },
    east: synced,
    green: ['secretSync', 'readiness', 'policy'],
    expect: { backup: 'at-risk', detail: '3 days old' },
  },
  {
    title: 'RDS reports no restorable time',
    datastore: RDS,
    rds: { ...healthyRds, latestAgoMs: null },
    east: synced,
    green: ['secretSync', 'readiness'],
    expect: { backup: 'unknown', policy: 'unknown' },
  },
  {
    title: 'RDS deletion protection off',
    datastore: RDS,
    rds: { ...healthyRds, deletionProtection: false },
    east: synced,
    green: ['secretSync', 'readiness'],
    expect: { backup: 'at-risk', policy: 'violates' },
  },
  {
    title: 'RDS automated backups off',
    datastore: RDS,
    rds: { ...healthyRds, retention: 0 },
    east: synced,
    green: ['secretSync', 'readiness'],
    expect: { backup: 'unprotected', policy: 'violates' },
  },
  {
    title: 'RDS instance not found',
    datastore: RDS,
    rds: 'missing',
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', readiness: 'not-ready', policy: 'unknown' },
  },
  {
    title: 'RDS answers 500',
    accountWide: true,
    datastore: RDS,
    rds: 'error500',
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', readiness: 'unknown' },
  },
  {
    title: 'RDS resets the connection',
    accountWide: true,
    datastore: RDS,
    rds: 'reset',
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', detail: 'reset' },
  },
  {
    title: 'RDS hangs',
    accountWide: true,
    datastore: RDS,
    rds: 'hang',
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', detail: 'did not answer within' },
  },
  {
    title: 'ExternalSecret SecretSyncedError',
    datastore: RDS,
    rds: healthyRds,
    east: (s, b) => [
      externalSecret(s, b, { ready: 'False', reason: 'SecretSyncedError' }),
      store(s),
    ],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'error' },
  },
  {
    title: 'ExternalSecret synced, its store not ready',
    datastore: RDS,
    rds: healthyRds,
    east: (s, b) => [externalSecret(s, b), store(s, 'False')],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'error' },
  },
  {
    title: 'ExternalSecret synced, its store missing',
    datastore: RDS,
    rds: healthyRds,
    east: (s, b) => [externalSecret(s, b)],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'error', detail: 'does not exist' },
  },
  {
    title: 'ExternalSecret synced, the store list unreadable (500)',
    // Stores are listed whole (they carry no service label): the fault hits every service.
    accountWide: true,
    datastore: RDS,
    rds: healthyRds,
    east: synced,
    eastFaults: () => [{ match: 'clustersecretstores', status: 500 }],
    green: ['backup', 'readiness', 'policy'],
    expect: {
      secretSync: 'unknown',
      detail: 'clustersecretstores in cluster east could not be listed',
    },
  },
  {
    title: 'ExternalSecret last refreshed 5 hours ago (every 1h)',
    datastore: RDS,
    rds: healthyRds,
    east: (s, b) => [externalSecret(s, b, { refreshedAgo: 5 * H }), store(s)],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'stale' },
  },
  {
    title: 'ExternalSecret without conditions yet',
    datastore: RDS,
    rds: healthyRds,
    east: (s, b) => [externalSecret(s, b, { none: true }), store(s)],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'pending' },
  },
  {
    title: 'ExternalSecret missing',
    datastore: RDS,
    rds: healthyRds,
    east: () => [],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'pending' },
  },
  {
    title: 'ExternalSecret Ready=Unknown',
    datastore: RDS,
    rds: healthyRds,
    east: (s, b) => [
      externalSecret(s, b, { ready: 'Unknown', reason: 'Unknown' }),
      store(s),
    ],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'error' },
  },
  {
    title: 'ExternalSecret synced in east, failing in west',
    datastore: RDS,
    rds: healthyRds,
    east: synced,
    west: (s, b) => [
      externalSecret(s, b, { ready: 'False', reason: 'SecretSyncedError' }),
      store(s),
    ],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'error', detail: 'cluster west' },
  },
  // Managed on Neon, with no reader: declared only.
  // Managed on Neon, read from Neon's API. (The default policy puts catastrophic data on RDS,
  // so a Neon datastore also breaks the policy here: its policy is never green.)
  {
    title:
      'Neon healthy: 7 days of history, protected default branch (control)',
    datastore: NEON,
    neon: { retentionDays: 7, state: 'ready', protected: true },
    east: synced,
    green: ['backup', 'secretSync', 'readiness'],
    expect: { policy: 'violates' },
  },
  {
    title: 'Neon keeps 1 day of history (policy: 7)',
    datastore: NEON,
    neon: { retentionDays: 1, state: 'ready', protected: true },
    east: synced,
    green: ['secretSync', 'readiness'],
    expect: { backup: 'at-risk' },
  },
  {
    title: 'Neon default branch not protected',
    datastore: NEON,
    neon: { retentionDays: 7, state: 'ready', protected: false },
    east: synced,
    green: ['secretSync', 'readiness'],
    expect: { backup: 'at-risk' },
  },
  {
    title: 'Neon default branch resetting',
    datastore: NEON,
    neon: { retentionDays: 7, state: 'resetting', protected: true },
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'at-risk', readiness: 'not-ready' },
  },
  {
    title: 'Neon project not found',
    datastore: NEON,
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', readiness: 'not-ready' },
  },
  {
    // The others on this backend (the healthy control among them) stay current.
    title: 'Neon fails one project’s reads (500), the account list works',
    datastore: NEON,
    neon: { retentionDays: 7, state: 'ready', protected: true },
    neonFault: { status: 500 },
    east: synced,
    green: ['secretSync'],
    expect: {
      backup: 'unknown',
      readiness: 'unknown',
      detail: 'could not be read',
    },
  },
  {
    title: 'Neon refuses the API key (401)',
    accountWide: true,
    datastore: NEON,
    neon: { retentionDays: 7, state: 'ready', protected: true },
    neonFault: { status: 401 },
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', readiness: 'unknown', detail: '401' },
  },
  {
    title: 'Neon hangs',
    accountWide: true,
    datastore: NEON,
    neon: { retentionDays: 7, state: 'ready', protected: true },
    neonFault: { hang: true },
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', detail: 'did not answer within' },
  },
  {
    title: 'Neon resets the connection',
    accountWide: true,
    datastore: NEON,
    neon: { retentionDays: 7, state: 'ready', protected: true },
    neonFault: { reset: true },
    east: synced,
    green: ['secretSync'],
    expect: { backup: 'unknown', detail: 'reset' },
  },
  // Self-hosted Postgres on CloudNativePG (reconstructable in production: backups required).
  {
    title: 'CloudNativePG healthy (control)',
    datastore: CNPG,
    east: healthyCnpg,
    green: ['backup', 'secretSync', 'readiness', 'policy'],
  },
  {
    title: 'CloudNativePG kept 2 days (policy: 7)',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b),
      objectStore(s, b, { retention: '2d' }),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness'],
    expect: { backup: 'at-risk', policy: 'violates' },
  },
  {
    title: 'CloudNativePG last base backup 3 days ago',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b),
      objectStore(s, b, { lastBackupAgo: 3 * 24 * H }),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness', 'policy'],
    expect: { backup: 'at-risk' },
  },
  {
    title: 'CloudNativePG WAL archiving failing',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b, { archiving: 'False' }),
      objectStore(s, b),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness', 'policy'],
    expect: { backup: 'at-risk' },
  },
  {
    title: 'CloudNativePG last backup failed',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b, { lastBackup: 'False' }),
      objectStore(s, b),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness', 'policy'],
    expect: { backup: 'at-risk' },
  },
  {
    title: 'CloudNativePG without backups',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b, { backups: false }),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness'],
    expect: { backup: 'unprotected', policy: 'violates' },
  },
  {
    title: 'CloudNativePG ObjectStore not found',
    datastore: CNPG,
    east: (s, b) => [cnpg(s, b), composite(s, 'PostgresInstance', b)],
    green: ['secretSync', 'readiness'],
    expect: { backup: 'unknown', policy: 'unknown' },
  },
  {
    title: 'CloudNativePG no base backup yet',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b),
      objectStore(s, b, { lastBackupAgo: null }),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness'],
    expect: { backup: 'unknown' },
  },
  {
    title: 'CloudNativePG Cluster not ready',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b, { ready: 'False' }),
      objectStore(s, b),
      composite(s, 'PostgresInstance', b, 'False'),
    ],
    green: ['backup', 'secretSync', 'policy'],
    expect: { readiness: 'not-ready' },
  },
  {
    title: 'CloudNativePG Cluster missing',
    datastore: CNPG,
    east: () => [],
    green: [],
    expect: {
      backup: 'unknown',
      readiness: 'not-ready',
      secretSync: 'pending',
      policy: 'unknown',
    },
  },
  {
    title: 'CloudNativePG app secret not written yet',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b, { secret: false }),
      objectStore(s, b),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['backup', 'readiness', 'policy'],
    expect: { secretSync: 'pending' },
  },
  {
    title: 'CloudNativePG healthy in east, archiving failing in west',
    datastore: CNPG,
    east: healthyCnpg,
    west: (s, b) => [
      cnpg(s, b, { archiving: 'False' }),
      objectStore(s, b),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness', 'policy'],
    expect: { backup: 'at-risk', detail: 'cluster west' },
  },
  {
    title: 'CloudNativePG ready, its composite not Ready',
    datastore: CNPG,
    east: (s, b) => [
      cnpg(s, b),
      objectStore(s, b),
      composite(s, 'PostgresInstance', b, 'False'),
    ],
    green: ['backup', 'secretSync', 'policy'],
    expect: { readiness: 'not-ready' },
  },
  {
    title: 'CloudNativePG ephemeral in dev, no backups',
    datastore: CNPG_DEV,
    east: (s, b) => [
      cnpg(s, b, { backups: false }),
      composite(s, 'PostgresInstance', b),
    ],
    green: ['secretSync', 'readiness', 'policy'],
    expect: { backup: 'not-required' },
  },
  // Caches.
  {
    title: 'Dragonfly healthy, snapshots to S3 (retention not observable)',
    datastore: DRAGONFLY,
    east: healthyCache,
    // Dragonfly keeps no retention of its own: required backups are never proven.
    green: ['secretSync', 'readiness'],
    expect: { backup: 'unknown', policy: 'unknown' },
  },
  {
    title: 'Dragonfly stuck in Configuring',
    datastore: DRAGONFLY,
    east: (s, b) => [
      dragonfly(s, b, { phase: 'Configuring' }),
      externalSecret(s, `${b}-app`),
      store(s),
      composite(s, 'CacheInstance', b, 'False'),
    ],
    green: ['secretSync', 'policy'],
    expect: { readiness: 'not-ready', backup: 'at-risk' },
  },
  {
    title: 'Dragonfly without snapshots',
    datastore: DRAGONFLY,
    east: (s, b) => [
      dragonfly(s, b, { snapshot: false }),
      externalSecret(s, `${b}-app`),
      store(s),
      composite(s, 'CacheInstance', b),
    ],
    green: ['secretSync', 'readiness'],
    expect: { backup: 'unprotected', policy: 'violates' },
  },
  {
    title: 'Dragonfly ready, its connection secret missing',
    datastore: DRAGONFLY,
    east: (s, b) => [dragonfly(s, b), composite(s, 'CacheInstance', b)],
    green: ['readiness'],
    expect: { secretSync: 'pending' },
  },
  {
    title: 'Dragonfly reports no phase',
    datastore: DRAGONFLY,
    east: (s, b) => [
      dragonfly(s, b, { phase: null }),
      externalSecret(s, `${b}-app`),
      store(s),
    ],
    green: ['secretSync', 'policy'],
    expect: { readiness: 'unknown' },
  },
  {
    title: 'Redis without its composite',
    datastore: REDIS,
    east: (s, b) => [redis(s, b), externalSecret(s, `${b}-app`), store(s)],
    green: ['secretSync', 'policy'],
    expect: { readiness: 'unknown', backup: 'not-required' },
  },
  {
    title: 'Redis, composite not Ready',
    datastore: REDIS,
    east: (s, b) => [
      redis(s, b),
      externalSecret(s, `${b}-app`),
      store(s),
      composite(s, 'CacheInstance', b, 'False'),
    ],
    green: ['secretSync', 'policy'],
    expect: { readiness: 'not-ready' },
  },
  {
    title: 'Redis, composite Ready (control)',
    datastore: REDIS,
    east: (s, b) => [
      redis(s, b),
      externalSecret(s, `${b}-app`),
      store(s),
      composite(s, 'CacheInstance', b),
    ],
    green: ['secretSync', 'readiness', 'policy'],
  },
  // The service's kubernetes-id differs from its name: its objects carry the annotation.
  {
    title: 'kubernetes-id annotation differs from the name (control)',
    datastore: CNPG,
    kubernetesId: 'orders-api',
    east: (_s, b) => healthyCnpg('orders-api', b),
    green: ['backup', 'secretSync', 'readiness', 'policy'],
  },
];

/**
 * Faults that hit a whole cluster, a type in it, or every reader: each runs on a backend of its
 * own, with a healthy CloudNativePG and a synced RDS datastore in both clusters; the fields the
 * fault makes unprovable must not be green.
 */
interface WideScenario {
  title: string;
  setup?: (east: KubernetesServer, west: KubernetesServer) => void;
  permission?: AuthorizeResult.DENY;
  /** Read once, wait past the freshness bound, read again (no cycle has run since). */
  freshnessSeconds?: number;
  nonGreen: { cnpg: Field[]; rds: Field[] };
  expect?: { cnpg?: string; rds?: string };
}
const ALL: Field[] = ['backup', 'secretSync', 'readiness', 'policy'];
const WIDE: WideScenario[] = [
  {
    title: 'ExternalSecret lists answer 500 in east',
    setup: e => e.fault({ match: 'externalsecrets', status: 500 }),
    nonGreen: { cnpg: [], rds: ['secretSync'] },
    expect: { rds: 'cluster east' },
  },
  {
    title: 'CloudNativePG lists answer 403 in east',
    setup: e => e.fault({ match: 'postgresql.cnpg.io', status: 403 }),
    nonGreen: { cnpg: ALL, rds: [] },
    expect: { cnpg: '403' },
  },
  {
    title: 'east hangs',
    setup: e => e.fault({ hang: true }),
    nonGreen: { cnpg: ALL, rds: ['secretSync'] },
    expect: { cnpg: 'did not answer within' },
  },
  {
    title: 'east answers 503 to everything, west is healthy',
    setup: e => e.fault({ status: 503 }),
    nonGreen: { cnpg: ALL, rds: ['secretSync'] },
    expect: { cnpg: 'cluster east' },
  },
  {
    title: 'the caller may not read Kubernetes resources',
    permission: AuthorizeResult.DENY,
    nonGreen: { cnpg: ALL, rds: ['secretSync'] },
    expect: { cnpg: 'kubernetes.resources.read' },
  },
  {
    title: 'observations past the freshness bound (no cycle since)',
    freshnessSeconds: 1,
    nonGreen: { cnpg: ALL, rds: ALL },
    expect: { cnpg: 'last seen', rds: 'last seen' },
  },
];

const serviceOf = (i: number) => `s${String(i + 1).padStart(2, '0')}`;

function entitiesOf(s: string, d: Datastore, kubernetesId = s): Entity[] {
  const base = `${s}-db-${d.environment}`;
  const resource: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: base,
      namespace: 'default',
      annotations: {
        'datastores.io/engine': d.engine,
        'datastores.io/environment': d.environment,
        'datastores.io/criticality': d.criticality,
        'datastores.io/strategy': d.strategy,
        'datastores.io/provider': d.provider,
        [LABEL]: kubernetesId,
      },
    },
    spec: {
      type: d.engine === 'postgres' ? 'database' : 'cache',
      owner: 'group:default/team',
      dependencyOf: [`component:default/${s}`],
    },
    relations: [{ type: 'dependencyOf', targetRef: `component:default/${s}` }],
  };
  const component: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: s,
      namespace: 'default',
      annotations: { [LABEL]: kubernetesId },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
    relations: [{ type: 'dependsOn', targetRef: `resource:default/${base}` }],
  };
  return [component, resource];
}

const greens = (d: DatastoreStatus) =>
  (Object.keys(GREEN) as Field[]).filter(f => GREEN[f](d));
const summary = (d: DatastoreStatus) =>
  `backup ${d.backup.posture}, secret ${d.secretSync.status}, readiness ${d.readiness.state}, policy ${d.policy.state}`;
const details = (d: DatastoreStatus) =>
  [
    d.backup.detail,
    d.backup.source,
    d.secretSync.message,
    d.secretSync.source,
    d.readiness.message,
    d.readiness.source,
  ].join(' | ');

describe('fault matrix: no green without an observation that proves it', () => {
  let east: KubernetesServer;
  let west: KubernetesServer;
  let rds: Awaited<ReturnType<typeof startRdsStandIn>>;
  let neon: NeonStandIn;
  const report: string[] = [];

  beforeAll(() => {
    jest.requireActual('@kubernetes/client-node');
  });
  beforeEach(async () => {
    east = await startKubernetesServer({ tokens: ['t'] });
    west = await startKubernetesServer({ tokens: ['t'] });
    rds = await startRdsStandIn();
    neon = await startNeonStandIn({ apiKeys: ['neon-key'] });
  });
  afterEach(async () => {
    east.clearFaults();
    west.clearFaults();
    neon.clearFaults();
    await Promise.all([east.close(), west.close(), rds.close(), neon.close()]);
  });
  afterAll(() => {
    // The table for the closing note: scenario, what the card said.
    // eslint-disable-next-line no-console
    console.info(
      `Fault matrix (${report.length} scenarios):\n${report.join('\n')}`,
    );
  });

  async function backend(
    entities: Entity[],
    extra: {
      permission?: AuthorizeResult.DENY;
      freshnessSeconds?: number;
      kubernetesTimeoutMs?: number;
      /** RDS's and Neon's bound of one read (their list). */
      cloudTimeoutMs?: number;
    } = {},
  ) {
    const cloudTimeout =
      extra.cloudTimeoutMs !== undefined
        ? { timeoutMs: extra.cloudTimeoutMs }
        : {};
    const { server } = await startTestBackend({
      features: [
        datastoresPlugin,
        kubernetesPlugin,
        catalogServiceMock.factory({ entities }),
        collectOnStartup(),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: kubernetesClustersConfig([
              { name: 'east', url: east.url },
              { name: 'west', url: west.url },
            ]),
            datastores: {
              live: {
                ...(extra.freshnessSeconds !== undefined
                  ? { freshnessSeconds: extra.freshnessSeconds }
                  : {}),
                ...(extra.kubernetesTimeoutMs !== undefined
                  ? { kubernetes: { timeoutMs: extra.kubernetesTimeoutMs } }
                  : {}),
                neon: {
                  apiKey: 'neon-key',
                  baseUrl: neon.baseUrl,
                  ...cloudTimeout,
                },
                rds: {
                  region: 'eu-west-1',
                  endpoint: rds.url,
                  accessKeyId: 'a',
                  secretAccessKey: 's',
                  ...cloudTimeout,
                },
              },
            },
          },
        }),
        ...(extra.permission ? [usersOnly(extra.permission)] : []),
      ],
    });
    await collected(server);
    return server;
  }

  async function statusOf(server: any, s: string): Promise<DatastoreStatus> {
    const response = await request(server).get(
      `/api/datastores/v1/entities/component/default/${s}/datastores`,
    );
    expect(response.status).toBe(200);
    return response.body.datastores[0];
  }

  /** Puts a scenario's objects, instances, projects and faults in the stand-ins. */
  function arrange(sc: Scenario, i: number) {
    const s = serviceOf(i);
    const base = `${s}-db-${sc.datastore.environment}`;
    for (const o of sc.east?.(s, base) ?? []) east.apply(o);
    for (const o of sc.west?.(s, base) ?? []) west.apply(o);
    for (const f of sc.eastFaults?.(s) ?? []) east.fault(f);
    if (sc.neon) {
      neon.upsert({
        id: `p-${s}`,
        name: base,
        history_retention_seconds: sc.neon.retentionDays * 86_400,
        branches: [
          {
            id: `br-${s}`,
            name: 'main',
            default: true,
            current_state: sc.neon.state,
            protected: sc.neon.protected,
          },
        ],
      });
    }
    if (sc.neonFault) {
      // On a shared backend, only this scenario's project; account-wide, every call.
      neon.fault(
        sc.accountWide
          ? sc.neonFault
          : { match: `/projects/p-${s}`, ...sc.neonFault },
      );
    }
    if (sc.rds) rds.set(base, sc.rds);
  }

  /** What a scenario's status got wrong: greens it does not prove, fields it must say. */
  function problemsOf(sc: Scenario, i: number, d: DatastoreStatus): string[] {
    const problems: string[] = [];
    report.push(`| ${i + 1} | ${sc.title} | ${summary(d)} |`);
    const got = greens(d).sort();
    const allowed = [...(sc.green ?? [])].sort();
    if (got.join() !== allowed.join()) {
      problems.push(
        `${i + 1} ${sc.title}: green ${got.join(', ') || 'none'}, expected ${
          allowed.join(', ') || 'none'
        } (${summary(d)}; ${details(d)})`,
      );
    }
    const actual = {
      backup: d.backup.posture,
      secretSync: d.secretSync.status,
      readiness: d.readiness.state,
      policy: d.policy.state,
    };
    for (const [key, value] of Object.entries(sc.expect ?? {})) {
      if (key === 'detail') {
        if (!details(d).includes(value))
          problems.push(`${i + 1} ${sc.title}: no "${value}" in ${details(d)}`);
      } else if (actual[key as keyof typeof actual] !== value) {
        problems.push(
          `${i + 1} ${sc.title}: ${key} is ${
            actual[key as keyof typeof actual]
          }, expected ${value} (${details(d)})`,
        );
      }
    }
    return problems;
  }

  const shared = SCENARIOS.map((sc, i) => [sc, i] as const).filter(
    ([sc]) => !sc.accountWide,
  );
  const accountWide = SCENARIOS.map(
    (sc, i) => [sc.title, sc, i] as const,
  ).filter(([, sc]) => sc.accountWide);

  it(`runs ${shared.length} scenarios on one backend, with exactly the greens each proves`, async () => {
    const entities = shared.flatMap(([sc, i]) =>
      entitiesOf(serviceOf(i), sc.datastore, sc.kubernetesId),
    );
    for (const [sc, i] of shared) arrange(sc, i);
    // Only the faults this backend injects may time out: a slow machine must not.
    const server = await backend(entities, { kubernetesTimeoutMs: 10_000 });
    const results = await Promise.all(
      shared.map(([, i]) => statusOf(server, serviceOf(i))),
    );
    const problems = shared.flatMap(([sc, i], k) =>
      problemsOf(sc, i, results[k]),
    );
    expect(problems).toEqual([]);
  });

  it.each(accountWide)(
    '%s (a whole list fails): exactly the greens it proves',
    async (_title, sc, i) => {
      arrange(sc, i);
      const server = await backend(
        entitiesOf(serviceOf(i), sc.datastore, sc.kubernetesId),
        { kubernetesTimeoutMs: 10_000, cloudTimeoutMs: 300 },
      );
      const d = await statusOf(server, serviceOf(i));
      expect(problemsOf(sc, i, d)).toEqual([]);
    },
  );

  it.each(WIDE.map((w, i) => [w.title, w, i] as const))(
    '%s: nothing unproven is green',
    async (_title, w, i) => {
      const s = `w${i + 1}`;
      const rdsService = `${s}r`;
      const entities = [...entitiesOf(s, CNPG), ...entitiesOf(rdsService, RDS)];
      for (const c of [east, west]) {
        for (const o of healthyCnpg(s, `${s}-db-production`)) c.apply(o);
        for (const o of synced(rdsService, `${rdsService}-db-production`))
          c.apply(o);
      }
      rds.set(`${rdsService}-db-production`, healthyRds);
      w.setup?.(east, west);
      const server = await backend(entities, {
        permission: w.permission,
        freshnessSeconds: w.freshnessSeconds,
        // The hang is the one fault that must meet the timeout; the others must not.
        kubernetesTimeoutMs: w.title === 'east hangs' ? 1000 : 10_000,
      });
      let [cnpgStatus, rdsStatus] = await Promise.all([
        statusOf(server, s),
        statusOf(server, rdsService),
      ]);
      if (w.freshnessSeconds !== undefined) {
        await new Promise(r => setTimeout(r, w.freshnessSeconds! * 1000 + 200));
        [cnpgStatus, rdsStatus] = await Promise.all([
          statusOf(server, s),
          statusOf(server, rdsService),
        ]);
      }
      const n = SCENARIOS.length + i + 1;
      report.push(
        `| ${n} | ${w.title}: CloudNativePG | ${summary(cnpgStatus)} |`,
      );
      report.push(`| ${n} | ${w.title}: RDS | ${summary(rdsStatus)} |`);
      const problems: string[] = [];
      const check = (
        what: string,
        d: DatastoreStatus,
        fields: Field[],
        text?: string,
      ) => {
        const got = greens(d).filter(f => fields.includes(f));
        if (got.length)
          problems.push(
            `${what}: green ${got.join(', ')} (${summary(d)}; ${details(d)})`,
          );
        if (text && !details(d).includes(text))
          problems.push(`${what}: no "${text}" in ${details(d)}`);
      };
      check('CloudNativePG', cnpgStatus, w.nonGreen.cnpg, w.expect?.cnpg);
      check('RDS', rdsStatus, w.nonGreen.rds, w.expect?.rds);
      expect(problems).toEqual([]);
    },
  );
});
