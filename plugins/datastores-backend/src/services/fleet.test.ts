import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  EntityDatastores,
  FleetPage,
} from '@datastores/plugin-datastores-common';
import {
  KubernetesServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import request from 'supertest';
import { catalogStandIn } from '../../fixtures/catalogStandIn';
import { collected, collectOnStartup } from '../../fixtures/collected';
import datastoresPlugin from '../index';
import {
  cnpgCluster,
  composite,
  datastoreResource,
  kubernetesConfig,
  serviceComponent,
} from '../../fixtures/live/fixtures';

jest.setTimeout(60_000);

const CNPG = {
  engine: 'postgres',
  environment: 'staging',
  criticality: 'reconstructable',
  strategy: 'self-hosted',
  provider: 'cloudnative-pg',
};
const RDS_PROD = {
  engine: 'postgres',
  environment: 'production',
  criticality: 'catastrophic',
  strategy: 'managed',
  provider: 'rds',
};
const CACHE = {
  engine: 'dragonfly',
  environment: 'production',
  criticality: 'ephemeral',
  strategy: 'self-hosted',
  provider: 'dragonfly',
};

function service(
  name: string,
  owner: string,
  datastores: Array<[string, any]>,
) {
  const resources = datastores.map(([n, d]) => datastoreResource(name, n, d));
  const component = serviceComponent(name, resources);
  component.spec = { ...component.spec, owner };
  return [component, ...resources];
}

// Alice may read everything but the billing service and its datastores.
const entities = [
  ...service('orders', 'group:default/shop', [
    ['main', CNPG],
    ['ledger', RDS_PROD],
    ['sessions', CACHE],
  ]),
  ...service('billing', 'group:default/money', [['main', RDS_PROD]]),
  ...service('search', 'group:default/shop', [['index', CNPG]]),
];
const ALICE = 'user:default/alice';

describe('GET /v1/datastores (the fleet)', () => {
  let k8s: KubernetesServer;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    jest.requireActual('@kubernetes/client-node');
    k8s = await startKubernetesServer({ tokens: ['t'] });
    k8s.apply(cnpgCluster('orders', 'orders-main-staging'));
    k8s.apply(composite('orders', 'PostgresInstance', 'orders-main-staging'));
    const catalog = catalogStandIn({
      entities,
      canRead: (user, entity) =>
        user !== ALICE || !entity.metadata.name.startsWith('billing'),
    });
    ({ server } = await startTestBackend({
      features: [
        datastoresPlugin,
        kubernetesPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        collectOnStartup(),
        mockServices.rootConfig.factory({
          data: { kubernetes: kubernetesConfig(k8s.url) },
        }),
      ],
    }));
    await collected(server);
  });
  afterAll(async () => {
    await k8s?.close();
  });

  const get = (query: string, user = ALICE) =>
    request(server)
      .get(`/api/datastores/v1/datastores${query}`)
      .set('Authorization', mockCredentials.user.header(user));

  it('lists every datastore the caller may read, with the counts over them', async () => {
    const response = await get('');
    expect(response.status).toBe(200);
    const page = response.body as FleetPage;
    expect(
      page.items.map(r => `${r.service} ${r.datastore.name} ${r.owner}`),
    ).toEqual([
      'component:default/orders ledger group:default/shop',
      'component:default/orders main group:default/shop',
      'component:default/orders sessions group:default/shop',
      'component:default/search index group:default/shop',
    ]);
    expect(page.totalItems).toBe(4);
    // billing's production RDS is not Alice's to see: not counted either.
    expect(page.counts).toMatchObject({
      total: 4,
      // The RDS ledger (no RDS reader: declared only) and the cache (nothing in the cluster).
      productionAtRisk: 2,
      by: { environment: { production: 2, staging: 2 } },
    });
    // The chips' words for each provider counted, from the statuses.
    expect(page.counts.providerTitles).toMatchObject({ rds: 'AWS RDS' });
    // The status is the status endpoint's: observed where the collector saw it.
    const main = page.items.find(r => r.datastore.name === 'main')!;
    expect(main.datastore.readiness).toMatchObject({
      state: 'ready',
      source: 'cluster local',
    });
    const bob = await get('', 'user:default/bob');
    expect((bob.body as FleetPage).totalItems).toBe(5);
  });

  it('filters by several fields (AND) and values (OR), and pages', async () => {
    const page = (
      await get(
        '?environment=production&strategy=managed,self-hosted&owner=group:default/shop',
      )
    ).body as FleetPage;
    expect(page.items.map(r => r.datastore.entityRef)).toEqual([
      'resource:default/orders-ledger-production',
      'resource:default/orders-sessions-production',
    ]);
    const second = (await get('?limit=2&offset=2')).body as FleetPage;
    expect(second).toMatchObject({ totalItems: 4, offset: 2, limit: 2 });
    expect(second.items.map(r => r.datastore.name)).toEqual([
      'sessions',
      'index',
    ]);
    const ready = (await get('?readiness=ready')).body as FleetPage;
    expect(ready.items.map(r => r.datastore.name)).toEqual(['main']);
  });

  it("carries each datastore's lifecycle, as the status endpoint answers it, and filters by where it stands", async () => {
    const page = (await get('')).body as FleetPage;
    const lifecycleOf = (name: string) =>
      page.items.find(r => r.datastore.name === name)!.datastore.lifecycle;
    // Observed ready in the cluster (the CloudNativePG Cluster and its composite).
    expect(lifecycleOf('main')).toMatchObject({
      state: 'ready',
      steps: [
        { step: 'requested', status: 'done' },
        { step: 'merged', status: 'done' },
        {
          step: 'applied',
          status: 'done',
          evidence:
            'The PostgresInstance orders-main-staging is observed Synced and Ready.',
        },
        { step: 'ready', status: 'done' },
      ],
    });
    // Managed, with no Terraform pull request recorded: the apply is unknown, never done.
    expect(lifecycleOf('ledger')!.steps[2]).toEqual({
      step: 'applied',
      status: 'unknown',
      evidence:
        'No Terraform pull request is recorded: the apply cannot be told.',
    });
    // The same lifecycle as the service's status endpoint gives.
    const orders = (
      await request(server)
        .get('/api/datastores/v1/entities/component/default/orders/datastores')
        .set('Authorization', mockCredentials.user.header(ALICE))
    ).body as EntityDatastores;
    expect(orders.datastores).toHaveLength(3);
    for (const d of orders.datastores) {
      expect(lifecycleOf(d.name)).toEqual(d.lifecycle);
    }
    // Absent from the cluster (the cache, search's index): not applied, whatever else.
    for (const name of ['sessions', 'index']) {
      expect(lifecycleOf(name)!.steps[2]).toMatchObject({
        step: 'applied',
        status: 'current',
        evidence: expect.stringMatching(
          /^Not observed in the cluster yet: No /,
        ),
      });
    }
    // Filtered by where each stands: main is observed ready, ledger's apply is unknown, the
    // two absent ones wait to be applied.
    expect(page.counts.by.lifecycle).toEqual({
      ready: 1,
      unknown: 1,
      merged: 2,
    });
    const ready = (await get('?lifecycle=ready')).body as FleetPage;
    expect(ready.items.map(r => r.datastore.name)).toEqual(['main']);
    const unknown = (await get('?lifecycle=unknown')).body as FleetPage;
    expect(unknown.items.map(r => r.datastore.name)).toEqual(['ledger']);
  });

  it('refuses an unknown filter or value, naming what is allowed', async () => {
    const field = await get('?colour=red');
    expect(field.status).toBe(400);
    expect(field.body.error.message).toContain('Unknown filter "colour"');
    const value = await get('?backup=fine');
    expect(value.status).toBe(400);
    expect(value.body.error.message).toBe(
      'backup "fine" is not one of unprotected, at-risk, unknown, declared, protected, not-required',
    );
    const limit = await get('?limit=5000');
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toContain(
      'limit must be a whole number from 1 to 500',
    );
  });
});
