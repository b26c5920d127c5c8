import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  KubernetesObject,
  KubernetesServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import request from 'supertest';
import datastoresPlugin from '../index';
import { collected, collectOnStartup } from '../../fixtures/collected';
import { usersOnly } from '../../fixtures/usersOnly';
import { LiveDatastoreStatus } from './LiveStatusReader';
import {
  cnpgCluster,
  composite,
  datastoreResource,
  dragonfly,
  kubernetesClustersConfig,
  serviceComponent,
} from '../../fixtures/live/fixtures';

const cache = (service: string) =>
  datastoreResource(service, 'sessions', {
    engine: 'dragonfly',
    environment: 'production',
    criticality: 'reconstructable',
    strategy: 'self-hosted',
    provider: 'dragonfly',
  });
const ordersCatalog = datastoreResource('orders', 'catalog', {
  engine: 'postgres',
  environment: 'staging',
  criticality: 'reconstructable',
  strategy: 'self-hosted',
  provider: 'cloudnative-pg',
});
const ordersResources = [cache('orders'), ordersCatalog];
const billingResources = [cache('billing')];
const entities = [
  serviceComponent('orders', ordersResources),
  ...ordersResources,
  serviceComponent('billing', billingResources),
  ...billingResources,
];

/** A service's Dragonfly in `phase`. */
function dragonflyIn(service: string, phase: string): KubernetesObject {
  const object = dragonfly(service, `${service}-sessions-production`);
  return { ...object, status: { phase } };
}

const ORDERS = '/api/datastores/v1/entities/component/default/orders';
const BILLING = '/api/datastores/v1/entities/component/default/billing';

type Server = Parameters<typeof request>[0];

async function byName(server: Server, path: string) {
  const response = await request(server).get(`${path}/datastores`);
  expect(response.status).toBe(200);
  return Object.fromEntries(
    (response.body.datastores as LiveDatastoreStatus[]).map(d => [d.name, d]),
  );
}

/** Calls to the clusters' APIs (not the Kubernetes backend's own cluster list). */
const lists = (k8s: KubernetesServer) =>
  k8s.calls.filter(c => c.path.startsWith('/apis/'));

type JsonValue = Parameters<CacheService['set']>[1];

/** One in-memory cache shared by several backends, as Redis is shared by replicas. */
function sharedCache(): CacheService {
  const entries = new Map<string, { value: JsonValue; expires: number }>();
  const service: CacheService = {
    async get<T extends JsonValue>(key: string) {
      const entry = entries.get(key);
      if (!entry || entry.expires <= Date.now()) return undefined;
      return entry.value as T;
    },
    async set(key, value, options) {
      const ttl = typeof options?.ttl === 'number' ? options.ttl : 60_000;
      entries.set(key, { value, expires: Date.now() + ttl });
    },
    async delete(key) {
      entries.delete(key);
    },
    withOptions: () => service,
  };
  return service;
}

jest.setTimeout(60_000);

describe('refresh now', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let east: KubernetesServer;
  let west: KubernetesServer;
  beforeAll(() => {
    // Jest transforms the (ESM) Kubernetes client on first use: do it before timing calls.
    jest.requireActual('@kubernetes/client-node');
  });
  beforeEach(async () => {
    east = await startKubernetesServer({
      tokens: ['t'],
      objects: [
        dragonflyIn('orders', 'Ready'),
        dragonflyIn('billing', 'Ready'),
        cnpgCluster('orders', 'orders-catalog-staging'),
        composite('orders', 'PostgresInstance', 'orders-catalog-staging'),
        composite('orders', 'CacheInstance', 'orders-sessions-production'),
      ],
    });
    west = await startKubernetesServer({ tokens: ['t'] });
  });
  afterEach(async () => {
    east.clearFaults();
    west.clearFaults();
    await Promise.all([east.close(), west.close()]);
  });

  async function start(
    options: {
      permission?: AuthorizeResult.DENY;
      clusters?: Array<{ name: string; url: string }>;
      refreshClusterDeadlineMs?: number;
      knex?: Awaited<ReturnType<typeof databases.init>>;
      cache?: CacheService;
    } = {},
  ) {
    const { server } = await startTestBackend({
      features: [
        datastoresPlugin,
        kubernetesPlugin,
        catalogServiceMock.factory({ entities }),
        collectOnStartup(),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: kubernetesClustersConfig(
              options.clusters ?? [{ name: 'east', url: east.url }],
            ),
            datastores: {
              live: {
                refreshMinIntervalSeconds: 30,
                ...(options.refreshClusterDeadlineMs
                  ? {
                      refreshClusterDeadlineMs:
                        options.refreshClusterDeadlineMs,
                    }
                  : {}),
              },
            },
          },
        }),
        ...(options.knex
          ? [mockServices.database.factory({ knex: options.knex })]
          : []),
        ...(options.cache
          ? [mockServices.cache.mock(options.cache).factory]
          : []),
        ...(options.permission ? [usersOnly(options.permission)] : []),
      ],
    });
    await collected(server);
    return server;
  }

  it('re-reads only the service, by its label, and answers the new state without another cycle', async () => {
    const server = await start();
    expect((await byName(server, ORDERS)).sessions.live?.phase).toBe('Ready');
    const cycles = (await request(server).get('/api/datastores/v1/live')).body
      .lastCycle.startedAt;

    // Both services' caches fail on the cluster after the cycle.
    east.apply(dragonflyIn('orders', 'Failed'));
    east.apply(dragonflyIn('billing', 'Failed'));
    east.resetCalls();
    // Before: the status still says what the cycle saw.
    expect((await byName(server, ORDERS)).sessions.live?.phase).toBe('Ready');

    const response = await request(server).post(`${ORDERS}/refresh`);
    expect(response.status).toBe(200);
    const refreshed = Object.fromEntries(
      (response.body.datastores as LiveDatastoreStatus[]).map(d => [d.name, d]),
    );
    // The answer itself carries the new state: the card needs no second call.
    expect(refreshed.sessions.live?.phase).toBe('Failed');
    expect(refreshed.sessions.readiness.state).toBe('not-ready');
    // The rest of the service is still observed (re-listed, not lost).
    expect(refreshed.catalog.readiness.state).toBe('ready');
    expect(response.body.refresh.clusters).toEqual([
      { cluster: 'east', status: 'refreshed' },
    ]);
    // And a later read too.
    expect((await byName(server, ORDERS)).sessions.live?.phase).toBe('Failed');

    // Each labelled type of orders, once, with orders' selector; stores are left to the cycle.
    expect(
      lists(east)
        .map(c => c.path)
        .sort(),
    ).toEqual(
      [
        '/apis/barmancloud.cnpg.io/v1/objectstores',
        '/apis/datastores.platform.io/v1alpha1/cacheinstances',
        '/apis/datastores.platform.io/v1alpha1/postgresinstances',
        '/apis/dragonflydb.io/v1alpha1/dragonflies',
        '/apis/external-secrets.io/v1/externalsecrets',
        '/apis/postgresql.cnpg.io/v1/clusters',
      ].sort(),
    );
    expect(new Set(lists(east).map(c => c.labelSelector))).toEqual(
      new Set(['backstage.io/kubernetes-id=orders']),
    );
    expect(response.body.refresh.calls).toBe(1 + lists(east).length);
    // Another service's observations are as the cycle left them.
    expect((await byName(server, BILLING)).sessions.live?.phase).toBe('Ready');
    // No cycle ran meanwhile.
    expect(
      (await request(server).get('/api/datastores/v1/live')).body.lastCycle
        .startedAt,
    ).toBe(cycles);
  });

  it('refuses a second refresh of the service within the interval: 429, Retry-After, no call', async () => {
    const server = await start();
    expect((await request(server).post(`${ORDERS}/refresh`)).status).toBe(200);
    east.resetCalls();

    const again = await request(server).post(`${ORDERS}/refresh`);
    expect(again.status).toBe(429);
    const retryAfter = Number(again.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(again.body.error.message).toMatch(
      /^component:default\/orders was refreshed \d+ s ago \(at .+\); try again in \d+ s$/,
    );
    expect(again.body.error.retryAfterSeconds).toBe(retryAfter);
    // The limit is the service's: its datastore's page cannot go around it.
    const viaResource = await request(server).post(
      '/api/datastores/v1/entities/resource/default/orders-sessions-production/refresh',
    );
    expect(viaResource.status).toBe(429);
    // Another service has its own turn.
    expect((await request(server).post(`${BILLING}/refresh`)).status).toBe(200);
    expect(
      lists(east).every(
        c => c.labelSelector === 'backstage.io/kubernetes-id=billing',
      ),
    ).toBe(true);
    expect(lists(east).length).toBeGreaterThan(0);
  });

  it('refuses a user without kubernetes.resources.read: 403, no call', async () => {
    const server = await start({ permission: AuthorizeResult.DENY });
    east.resetCalls();
    const response = await request(server).post(`${ORDERS}/refresh`);
    expect(response.status).toBe(403);
    expect(response.body.error.name).toBe('NotAllowedError');
    expect(response.body.error.message).toContain('kubernetes.resources.read');
    expect(east.calls).toEqual([]);
    // A refused attempt takes no turn: a service principal may still refresh at once.
    const service = await request(server)
      .post(`${ORDERS}/refresh`)
      .set('Authorization', mockCredentials.service.header());
    expect(service.status).toBe(200);
  });

  it('answers 404 for an entity the caller cannot read, with no call', async () => {
    const server = await start();
    east.resetCalls();
    // The catalog answers nothing for an entity the caller may not read, as for a missing one.
    const response = await request(server).post(
      '/api/datastores/v1/entities/component/default/secret-service/refresh',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.name).toBe('NotFoundError');
    expect(east.calls).toEqual([]);
  });

  it('refreshes the other clusters when one hangs, keeps what the hung one held, and names it', async () => {
    west.apply(dragonflyIn('orders', 'Ready'));
    const server = await start({
      clusters: [
        { name: 'east', url: east.url },
        { name: 'west', url: west.url },
      ],
      refreshClusterDeadlineMs: 1500,
    });
    // The catalog database only lives in east; the cache in both.
    expect((await byName(server, ORDERS)).catalog.readiness.state).toBe(
      'ready',
    );
    east.fault({ hang: true });
    // Were east re-read, its Cluster would be gone; west's cache fails.
    east.remove(cnpgCluster('orders', 'orders-catalog-staging'));
    west.apply(dragonflyIn('orders', 'Failed'));

    const started = Date.now();
    const response = await request(server).post(`${ORDERS}/refresh`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.status).toBe(200);
    const clusters = response.body.refresh.clusters as Array<{
      cluster: string;
      status: string;
      reason?: string;
    }>;
    expect(clusters.find(c => c.cluster === 'west')).toEqual({
      cluster: 'west',
      status: 'refreshed',
    });
    const eastOutcome = clusters.find(c => c.cluster === 'east');
    expect(eastOutcome?.status).toBe('failed');
    expect(eastOutcome?.reason).toContain('cluster east');
    expect(
      (response.body.errors as Array<{ message: string }>).some(e =>
        e.message.startsWith('Refresh: cluster east could not be read'),
      ),
    ).toBe(true);
    const refreshed = Object.fromEntries(
      (response.body.datastores as LiveDatastoreStatus[]).map(d => [d.name, d]),
    );
    // West's new state is in; east's last observations are kept (the Cluster is still seen).
    expect(refreshed.sessions.live?.phase).toBe('Failed');
    expect(refreshed.catalog.readiness.state).toBe('ready');
  });

  it('lets every replica see a refresh within a second, and shares the limit across them', async () => {
    const knex = await databases.init('SQLITE_3');
    const shared = sharedCache();
    const a = await start({ knex, cache: shared });
    const b = await start({ knex, cache: shared });
    expect((await byName(b, ORDERS)).sessions.live?.phase).toBe('Ready');
    east.apply(dragonflyIn('orders', 'Failed'));

    expect((await request(a).post(`${ORDERS}/refresh`)).status).toBe(200);
    // Replica b checks the markers at most once a second: within it, it sees the refresh.
    await new Promise(r => setTimeout(r, 1100));
    expect((await byName(b, ORDERS)).sessions.live?.phase).toBe('Failed');
    east.resetCalls();
    const fromB = await request(b).post(`${ORDERS}/refresh`);
    expect(fromB.status).toBe(429);
    expect(east.calls).toEqual([]);
  });
});
