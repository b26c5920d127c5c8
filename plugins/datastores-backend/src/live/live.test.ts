import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityDatastores,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';
import {
  KubernetesServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import request from 'supertest';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import datastoresPlugin from '../index';
import { collected, collectOnStartup } from '../../fixtures/collected';
import { usersOnly } from '../../fixtures/usersOnly';
import { LiveDatastoreStatus, NO_CLUSTER_MESSAGE } from './LiveStatusReader';
import { startRdsStandIn } from '../../fixtures/live/rdsStandIn';
import {
  cnpgCluster,
  composite,
  datastoreResource,
  dragonfly,
  externalSecret,
  kubernetesConfig,
  serviceComponent,
} from '../../fixtures/live/fixtures';

const managed = {
  engine: 'postgres',
  environment: 'production',
  criticality: 'catastrophic',
  strategy: 'managed',
  provider: 'rds',
};
const resources = [
  datastoreResource('orders', 'main', managed),
  datastoreResource('orders', 'ledger', managed),
  datastoreResource('orders', 'audit', managed),
  datastoreResource('orders', 'events', managed),
  datastoreResource('orders', 'catalog', {
    engine: 'postgres',
    environment: 'staging',
    criticality: 'reconstructable',
    strategy: 'self-hosted',
    provider: 'cloudnative-pg',
  }),
  datastoreResource('orders', 'sessions', {
    engine: 'dragonfly',
    environment: 'production',
    criticality: 'reconstructable',
    strategy: 'self-hosted',
    provider: 'dragonfly',
  }),
  datastoreResource('orders', 'lost', {
    engine: 'postgres',
    environment: 'staging',
    criticality: 'reconstructable',
    strategy: 'self-hosted',
    provider: 'cloudnative-pg',
  }),
];
const entities = [serviceComponent('orders', resources), ...resources];

const hourAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
const objects = [
  externalSecret('orders', 'orders-main-production', {
    status: 'True',
    reason: 'SecretSynced',
  }),
  externalSecret('orders', 'orders-ledger-production', {
    status: 'False',
    reason: 'SecretSyncedError',
    message: 'could not get secret data from provider',
  }),
  externalSecret(
    'orders',
    'orders-audit-production',
    { status: 'True', reason: 'SecretSynced' },
    hourAgo,
  ),
  externalSecret('orders', 'orders-events-production', {
    status: 'False',
    reason: 'SecretSyncedError',
    message: 'Secret does not exist',
  }),
  {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: {
      name: 'aws-secrets-manager',
      labels: { 'backstage.io/kubernetes-id': 'orders' },
    },
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
  cnpgCluster('orders', 'orders-catalog-staging'),
  composite('orders', 'PostgresInstance', 'orders-catalog-staging'),
  dragonfly('orders', 'orders-sessions-production'),
  // Another service's objects: one even carries the name orders' datastore would have.
  { ...cnpgCluster('billing', 'orders-lost-staging') },
  externalSecret('billing', 'billing-main-production', {
    status: 'True',
    reason: 'SecretSynced',
  }),
];

/** The `events` request: its Terraform PR is still open. */
const eventsRequest: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'events',
  kind: 'database',
  engine: 'postgres',
  environments: ['production'],
  criticality: 'catastrophic',
  decisions: [
    {
      environment: 'production',
      strategy: 'managed',
      provider: 'rds',
      target: 'terraform',
      rationale: 'x',
    },
  ],
  pullRequests: [
    {
      target: 'terraform',
      repo: 'acme/infra',
      url: 'https://github.com/acme/infra/pull/4',
      number: 4,
    },
  ],
  resources: ['resource:default/orders-events-production'],
};

jest.setTimeout(60_000);

describe('live status through the real Kubernetes backend plugin', () => {
  let k8s: KubernetesServer;
  let rds: Awaited<ReturnType<typeof startRdsStandIn>>;
  beforeAll(() => {
    // Jest transforms the (ESM) Kubernetes client on first use: do it before timing calls.
    jest.requireActual('@kubernetes/client-node');
  });
  beforeEach(async () => {
    k8s = await startKubernetesServer({ tokens: ['t'], objects });
    rds = await startRdsStandIn();
    rds.set('orders-main-production', {
      status: 'available',
      retention: 3,
      latestAgoMs: null,
      latestAt: '2026-11-20T11:55:00.000Z',
      deletionProtection: true,
    });
  });
  afterEach(async () => {
    await k8s.close();
    await rds.close();
  });

  async function start(
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
    options: { kubernetesTimeoutMs?: number } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        datastoresPlugin,
        kubernetesPlugin,
        catalogServiceMock.factory({ entities }),
        collectOnStartup(),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: kubernetesConfig(k8s.url),
            datastores: {
              live: {
                ...(options.kubernetesTimeoutMs
                  ? { kubernetes: { timeoutMs: options.kubernetesTimeoutMs } }
                  : {}),
                rds: {
                  region: 'eu-west-1',
                  endpoint: rds.url,
                  accessKeyId: 'a',
                  secretAccessKey: 's',
                },
              },
            },
          },
        }),
        ...(permission ? [usersOnly(permission)] : []),
      ],
    });
    await request(server)
      .post('/api/datastores/v1/requests')
      .set('Authorization', mockCredentials.service.header())
      .send(eventsRequest)
      .expect(201);
    await collected(server);
    return server;
  }

  async function list(server: Awaited<ReturnType<typeof start>>) {
    const response = await request(server).get(
      '/api/datastores/v1/entities/component/default/orders/datastores',
    );
    expect(response.status).toBe(200);
    const body = response.body as EntityDatastores & {
      datastores: LiveDatastoreStatus[];
    };
    const byName: Record<string, LiveDatastoreStatus> = Object.fromEntries(
      body.datastores.map(d => [d.name, d]),
    );
    return { body, byName };
  }

  it('maps every secret sync and backup posture from the collected observations, with one list per type in use', async () => {
    const server = await start();
    const { body, byName } = await list(server);

    // Synced once, but its store is not ready: the next refresh fails, so it is no green.
    expect(byName.main.secretSync).toMatchObject({ status: 'error' });
    expect(byName.main.secretSync.message).toContain(
      'ClusterSecretStore aws-secrets-manager is not ready',
    );
    expect(byName.ledger.secretSync.status).toBe('error');
    expect(byName.ledger.secretSync.message).toContain(
      'could not get secret data from provider',
    );
    expect(byName.ledger.secretSync.message).toContain(
      'ClusterSecretStore aws-secrets-manager is not ready (InvalidProviderConfig: unable to assume role)',
    );
    expect(byName.audit.secretSync.status).toBe('stale');
    expect(byName.events.secretSync).toMatchObject({
      status: 'pending',
    });
    expect(byName.events.secretSync.message).toMatch(
      /^Waiting for Terraform apply/,
    );
    // CloudNativePG wrote the app secret: observed in the Cluster's status.
    expect(byName.catalog.secretSync).toMatchObject({
      status: 'synced',
      source: 'cluster local',
    });
    expect(byName.catalog.readiness).toMatchObject({
      state: 'ready',
      source: 'cluster local',
    });

    // RDS: observed posture, graded by the policy (3 days < 7).
    expect(byName.main.backup).toMatchObject({
      posture: 'at-risk',
      retentionDays: 3,
      pitr: true,
      lastBackupAt: '2026-11-20T11:55:00.000Z',
    });
    expect(byName.main.policy.violations.map(v => v.id)).toEqual(['retention']);
    // CloudNativePG: recovery window, and the Crossplane XR's health.
    expect(byName.catalog.backup).toMatchObject({
      posture: 'protected',
      retentionDays: 14,
      recoverableFrom: '2026-11-01T03:00:00Z',
    });
    expect(byName.catalog.live?.crossplane).toMatchObject({
      kind: 'PostgresInstance',
      synced: true,
      ready: true,
    });
    // Dragonfly: phase and snapshots.
    expect(byName.sessions.live?.phase).toBe('Ready');
    // Snapshots observed, but Dragonfly keeps no retention: the required 7 days are unproven.
    expect(byName.sessions.backup.posture).toBe('unknown');
    expect(byName.sessions.readiness.state).toBe('ready');
    expect(byName.sessions.backup.detail).toContain(
      's3://snapshots/orders-sessions-production',
    );
    // Another service's objects never show, even under a colliding name.
    expect(byName.lost.backup.posture).toBe('unknown');
    expect(byName.lost.backup.detail).toContain('No Cluster');
    expect(JSON.stringify(body)).not.toContain('billing');
    expect(body.errors).toEqual([]);

    // One cycle: one list per type in use in the cluster, across namespaces, of the objects
    // carrying the service label (stores: all of them, they carry none); one RDS list.
    const lists = k8s.calls.filter(c => c.path.startsWith('/apis/'));
    expect(lists.map(c => c.path).sort()).toEqual(
      [
        '/apis/barmancloud.cnpg.io/v1/objectstores',
        '/apis/datastores.platform.io/v1alpha1/cacheinstances',
        '/apis/datastores.platform.io/v1alpha1/postgresinstances',
        '/apis/dragonflydb.io/v1alpha1/dragonflies',
        '/apis/external-secrets.io/v1/clustersecretstores',
        '/apis/external-secrets.io/v1/externalsecrets',
        '/apis/external-secrets.io/v1/secretstores',
        '/apis/postgresql.cnpg.io/v1/clusters',
      ].sort(),
    );
    expect(
      lists
        .filter(c => !c.path.includes('secretstores'))
        .every(c => c.labelSelector === 'backstage.io/kubernetes-id'),
    ).toBe(true);
    expect(rds.calls).toEqual([{}]);
    // A status read calls no cluster and no cloud: it reads the observations.
    const listed = k8s.calls.length;
    await list(server);
    expect(k8s.calls.length).toBe(listed);
    expect(rds.calls).toHaveLength(1);
  });

  it('answers at once when a type hangs in the cluster: only the fields that depend on it are unknown', async () => {
    k8s.fault({ match: 'externalsecrets', hang: true });
    const server = await start(undefined, { kubernetesTimeoutMs: 1000 });
    // "At once": the read answers from what the collector stored and calls no cluster, so the
    // hanging type cannot hold it (a bound in ms would race a loaded machine instead).
    const calls = k8s.calls.length;
    const { body, byName } = await list(server);
    expect(k8s.calls.length).toBe(calls);
    expect(body.errors.map(e => e.message).join('\n')).toContain(
      'did not answer within 1000 ms',
    );
    // A managed datastore's and a cache's secrets come from ExternalSecrets: unknown.
    expect(byName.main.secretSync.status).toBe('unknown');
    expect(byName.main.secretSync.message).toContain('did not answer within');
    expect(byName.sessions.secretSync.status).toBe('unknown');
    // RDS did answer: the managed backup posture is still observed.
    expect(byName.main.backup.posture).toBe('at-risk');
    // CloudNativePG's own lists answered: its fields are observed, not blanked by the hang.
    expect(byName.catalog.backup.posture).toBe('protected');
    expect(byName.catalog.secretSync.status).toBe('synced');
    expect(byName.catalog.readiness.state).toBe('ready');
  });

  it('reports failing RDS as unknown, the rest still live', async () => {
    rds.set('orders-main-production', 'error500');
    const server = await start();
    const { body, byName } = await list(server);
    expect(byName.main.backup.posture).toBe('unknown');
    expect(byName.main.readiness.state).toBe('unknown');
    expect(byName.main.policy.state).toBe('unknown');
    expect(body.errors.some(e => e.message.includes('RDS'))).toBe(true);
    expect(byName.audit.secretSync.status).toBe('stale');
  });

  it("says no cluster is configured, never green, with the README's default clusters: []", async () => {
    const { server } = await startTestBackend({
      features: [
        datastoresPlugin,
        kubernetesPlugin,
        catalogServiceMock.factory({ entities }),
        collectOnStartup(),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [{ type: 'config', clusters: [] }],
            },
          },
        }),
      ],
    });
    const { body, byName } = await list(server);
    // Not a fault: nothing to warn about, and no claim that the secret is missing.
    expect(body.errors).toEqual([]);
    expect(body.datastores).toHaveLength(resources.length);
    for (const datastore of body.datastores) {
      expect(datastore.secretSync).toEqual({
        status: 'unknown',
        message: `${NO_CLUSTER_MESSAGE}: the Kubernetes backend has no cluster configured.`,
        unobservedBecause: 'no-cluster',
      });
    }
    expect(JSON.stringify(body)).not.toContain('is not in the cluster yet');
    // What is declared stays declared: nothing self-hosted is "not ready" for want of a cluster.
    expect(byName.catalog.readiness.state).toBe('declared');
    expect(byName.sessions.readiness.state).toBe('declared');
    expect(k8s.calls).toEqual([]);
  });

  it('hides live Kubernetes fields without kubernetes.resources.read', async () => {
    const server = await start(AuthorizeResult.DENY);
    // The collector lists as the plugin itself (a service principal): the user's denial is
    // about what the user may see, not what is observed.
    expect(k8s.calls.length).toBeGreaterThan(0);
    const before = k8s.calls.length;
    const { body, byName } = await list(server);
    expect(byName.main.secretSync.status).toBe('unknown');
    expect(byName.main.secretSync.message).toContain(
      'kubernetes.resources.read',
    );
    expect(byName.catalog.backup.posture).toBe('unknown');
    expect(body.errors[0].message).toContain('kubernetes.resources.read');
    expect(k8s.calls).toHaveLength(before);
  });
});
