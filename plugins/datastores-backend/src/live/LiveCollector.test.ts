import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  KubernetesServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import { DatabaseObservationStore } from '../database/ObservationStore';
import { KubernetesQueryClient } from './KubernetesQueryClient';
import { LiveCollector } from './LiveCollector';
import { DatastoreProviders } from '@datastores/plugin-datastores-node';
import { KUBERNETES_TYPES } from './kubernetesTypes';
import { kubernetesClustersConfig } from '../../fixtures/live/fixtures';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const { externalSecret: ESO } = KUBERNETES_TYPES;
const CNPG = DatastoreProviders.create().get('cloudnative-pg').kubernetes!.type;

function cluster(name: string, namespace: string, service?: string) {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: {
      name,
      namespace,
      ...(service ? { labels: { 'backstage.io/kubernetes-id': service } } : {}),
      managedFields: [{ manager: 'kubectl' }],
    },
    status: { phase: 'Cluster in healthy state' },
  };
}

describe.each(databases.eachSupportedId())(
  'LiveCollector on %s',
  databaseId => {
    let eu: KubernetesServer;
    let us: KubernetesServer;
    let backend: Awaited<ReturnType<typeof startTestBackend>>;
    let kubernetes: KubernetesQueryClient;

    beforeAll(async () => {
      eu = await startKubernetesServer({ tokens: ['eu'] });
      // prod-us has CloudNativePG and no External Secrets Operator installed.
      us = await startKubernetesServer({
        tokens: ['us'],
        crds: ['postgresql.cnpg.io/clusters'],
      });
      const clusters = [
        ['prod-eu', eu, 'eu'],
        ['prod-us', us, 'us'],
      ] as const;
      backend = await startTestBackend({
        features: [
          kubernetesPlugin,
          mockServices.rootConfig.factory({
            data: {
              kubernetes: kubernetesClustersConfig(
                clusters.map(([name, server, token]) => ({
                  name,
                  url: server.url,
                  token,
                })),
              ),
            },
          }),
        ],
      });
      const baseUrl = `http://localhost:${backend.server.port()}/api/kubernetes`;
      const discovery = {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      };
      // The backend's first proxied call per cluster sets up its proxy (seconds, cold).
      const cold = new KubernetesQueryClient({
        discovery,
        auth: mockServices.auth(),
        timeoutMs: 30_000,
      });
      await cold.listAll(
        'prod-eu',
        { group: '', version: 'v1', plural: 'namespaces' },
        { pageSize: 1, deadlineMs: 30_000 },
      );
      await cold.listAll(
        'prod-us',
        { group: '', version: 'v1', plural: 'namespaces' },
        { pageSize: 1, deadlineMs: 30_000 },
      );
      kubernetes = new KubernetesQueryClient({
        discovery,
        auth: mockServices.auth(),
        timeoutMs: 1000,
      });
    });
    afterAll(async () => {
      await backend?.stop();
      await eu?.close();
      await us?.close();
    });
    beforeEach(() => {
      eu.reset();
      us.reset();
    });

    async function collector(
      options: {
        usage?: () => Promise<{ kubernetes: any[]; cloud: {} }>;
        client?: Pick<KubernetesQueryClient, 'clusters' | 'listAll'>;
      } = {},
    ) {
      const store = await DatabaseObservationStore.create({
        database: mockServices.database({
          knex: await databases.init(databaseId),
          migrations: { skip: false },
        }),
      });
      let clock = new Date('2026-12-01T10:00:00Z');
      const collect = new LiveCollector({
        kubernetes: options.client ?? kubernetes,
        store,
        logger: mockServices.logger.mock(),
        usage:
          options.usage ??
          (async () => ({ kubernetes: [CNPG, ESO], cloud: {} })),
        clusterDeadlineMs: 5000,
        pageSize: 2,
        now: () => clock,
      });
      return {
        store,
        collect,
        tick: (iso: string) => {
          clock = new Date(iso);
        },
      };
    }

    it('lists each type in use once per cluster, across namespaces, labelled objects only, and stores them', async () => {
      eu.apply(cluster('orders-main', 'shop', 'orders'));
      eu.apply(cluster('billing-main', 'money', 'billing'));
      eu.apply(cluster('unlabelled', 'shop'));
      us.apply(cluster('orders-main', 'shop', 'orders'));
      const { store, collect } = await collector();

      const summary = await collect.collect();

      expect(summary).toMatchObject({
        failed: [],
        // Three labelled Clusters, and the two clusters themselves.
        objects: 5,
        // A type the cluster does not serve is an observation too: it holds none.
        notServed: ['kubernetes/prod-us/external-secrets.io/externalsecrets'],
      });
      expect(summary.stored.sort()).toEqual([
        'kubernetes/clusters',
        'kubernetes/prod-eu/external-secrets.io/externalsecrets',
        'kubernetes/prod-eu/postgresql.cnpg.io/clusters',
        'kubernetes/prod-us/external-secrets.io/externalsecrets',
        'kubernetes/prod-us/postgresql.cnpg.io/clusters',
      ]);
      // One list per type per cluster (a page of 2 for the two in prod-eu), whatever the services.
      expect(eu.calls.map(c => c.path)).toEqual([
        '/apis/postgresql.cnpg.io/v1/clusters',
        '/apis/external-secrets.io/v1/externalsecrets',
      ]);
      // The same object in two clusters is two observations, told apart by cluster.
      const orders = await store.byKubernetesIds(['orders']);
      expect(orders.map(o => o.cluster).sort()).toEqual(['prod-eu', 'prod-us']);
      expect(orders[0].object).toMatchObject({
        status: { phase: 'Cluster in healthy state' },
      });
      expect((orders[0].object as any).metadata.managedFields).toBeUndefined();
    });

    it('keeps a hung cluster’s last observations, stale with the reason, and the other current', async () => {
      eu.apply(cluster('orders-main', 'shop', 'orders'));
      us.apply(cluster('orders-main', 'shop', 'orders'));
      const { store, collect, tick } = await collector();
      await collect.collect();

      tick('2026-12-01T10:01:00Z');
      us.fault({ hang: true });
      const summary = await collect.collect();
      us.clearFaults();

      expect(summary.failed.map(f => f.source).sort()).toEqual([
        'kubernetes/prod-us/external-secrets.io/externalsecrets',
        'kubernetes/prod-us/postgresql.cnpg.io/clusters',
      ]);
      const byCluster = Object.fromEntries(
        (await store.byKubernetesIds(['orders'])).map(o => [o.cluster, o]),
      );
      expect(byCluster['prod-eu']).toMatchObject({
        observedAt: '2026-12-01T10:01:00.000Z',
      });
      expect(byCluster['prod-eu'].stale).toBeUndefined();
      expect(byCluster['prod-us'].observedAt).toBe('2026-12-01T10:00:00.000Z');
      expect(byCluster['prod-us'].stale).toMatch(
        /^cluster prod-us did not answer within 1000 ms for \/apis\/postgresql.cnpg.io\/v1\/clusters/,
      );
    });

    it('forgets the sources of a cluster no longer configured and of a type no longer in use, and only after a cluster list that worked', async () => {
      eu.apply(cluster('orders-main', 'shop', 'orders'));
      us.apply(cluster('orders-main', 'shop', 'orders'));
      let types = [CNPG, ESO];
      let clusters: () => Promise<string[]> = async () => [
        'prod-eu',
        'prod-us',
      ];
      const { store, collect } = await collector({
        usage: async () => ({ kubernetes: types, cloud: {} }),
        client: {
          clusters: () => clusters(),
          listAll: kubernetes.listAll.bind(kubernetes),
        },
      });
      await collect.collect();
      expect((await store.sources()).map(s => s.id)).toHaveLength(6);

      // The cluster list fails: nothing is forgotten, whatever is missing from it.
      clusters = async () => {
        throw new Error('the Kubernetes backend is down');
      };
      types = [CNPG];
      expect((await collect.collect()).pruned).toEqual([]);
      expect((await store.sources()).map(s => s.id)).toHaveLength(6);

      // prod-us is gone from the config and no datastore uses ExternalSecrets any more.
      clusters = async () => ['prod-eu'];
      const summary = await collect.collect();
      expect(summary.pruned.sort()).toEqual([
        'kubernetes/prod-eu/external-secrets.io/externalsecrets',
        'kubernetes/prod-us/external-secrets.io/externalsecrets',
        'kubernetes/prod-us/postgresql.cnpg.io/clusters',
      ]);
      expect((await store.sources()).map(s => s.id).sort()).toEqual([
        'collector/cycle',
        'kubernetes/clusters',
        'kubernetes/prod-eu/postgresql.cnpg.io/clusters',
      ]);
      expect(
        (await store.byKubernetesIds(['orders'])).map(o => o.cluster),
      ).toEqual(['prod-eu']);
    });
  },
);
