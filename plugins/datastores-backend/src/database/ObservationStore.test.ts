import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  DatabaseObservationStore,
  Observation,
  ObservationSource,
} from './ObservationStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const clusters: ObservationSource = {
  id: 'kubernetes/prod-eu/postgresql.cnpg.io/clusters',
  cluster: 'prod-eu',
  kind: 'postgresql.cnpg.io/clusters',
};
const caches: ObservationSource = {
  id: 'kubernetes/prod-us/dragonflydb.io/dragonflies',
  cluster: 'prod-us',
  kind: 'dragonflydb.io/dragonflies',
};

const object = (name: string, kubernetesId: string): Observation => ({
  namespace: 'shop',
  name,
  kubernetesId,
  object: { metadata: { name, namespace: 'shop' }, status: { phase: 'ok' } },
});

describe.each(databases.eachSupportedId())(
  'DatabaseObservationStore on %s',
  databaseId => {
    async function store() {
      const knex = await databases.init(databaseId);
      return {
        knex,
        store: await DatabaseObservationStore.create({
          database: mockServices.database({
            knex,
            migrations: { skip: false },
          }),
        }),
      };
    }

    it('replaces what a source holds, at once: objects gone from its list are gone', async () => {
      const { store: observations } = await store();
      const first = new Date('2026-12-01T10:00:00Z');
      await observations.replace(
        clusters,
        [object('orders-main', 'orders'), object('billing-main', 'billing')],
        first,
      );
      const second = new Date('2026-12-01T10:01:00Z');
      await observations.replace(
        clusters,
        [object('orders-main', 'orders')],
        second,
      );

      expect(await observations.byKubernetesIds(['orders', 'billing'])).toEqual(
        [
          {
            source: clusters.id,
            cluster: 'prod-eu',
            kind: 'postgresql.cnpg.io/clusters',
            namespace: 'shop',
            name: 'orders-main',
            kubernetesId: 'orders',
            object: object('orders-main', 'orders').object,
            observedAt: second.toISOString(),
          },
        ],
      );
    });

    it('keeps a failing source’s last observations, stale with the reason; the others stay fresh', async () => {
      const { store: observations } = await store();
      const seen = new Date('2026-12-01T10:00:00Z');
      await observations.replace(
        clusters,
        [object('orders-main', 'orders')],
        seen,
      );
      await observations.replace(
        caches,
        [object('orders-cache', 'orders')],
        seen,
      );
      const failed = new Date('2026-12-01T10:05:00Z');
      await observations.markFailed(
        clusters,
        'prod-eu did not answer within 5000 ms',
        failed,
      );

      const byName = Object.fromEntries(
        (await observations.byKubernetesIds(['orders'])).map(o => [o.name, o]),
      );
      expect(byName['orders-main'].stale).toBe(
        `prod-eu did not answer within 5000 ms (at ${failed.toISOString()}); this was observed at ${seen.toISOString()}`,
      );
      expect(byName['orders-main'].observedAt).toBe(seen.toISOString());
      expect(byName['orders-cache'].stale).toBeUndefined();
      expect(await observations.sources()).toEqual([
        {
          ...clusters,
          lastSuccessAt: seen.toISOString(),
          lastAttemptAt: failed.toISOString(),
          error: 'prod-eu did not answer within 5000 ms',
        },
        {
          ...caches,
          lastSuccessAt: seen.toISOString(),
          lastAttemptAt: seen.toISOString(),
        },
      ]);

      // The next successful read makes it current again.
      await observations.replace(
        clusters,
        [object('orders-main', 'orders')],
        failed,
      );
      expect(
        (await observations.byKubernetesIds(['orders'])).every(o => !o.stale),
      ).toBe(true);
    });

    it('stores a few thousand objects of one source, and a new store on the same database reads them', async () => {
      const { knex, store: observations } = await store();
      const many = Array.from({ length: 2500 }, (_, i) =>
        object(`db-${i}`, `service-${i % 1000}`),
      );
      await observations.replace(
        clusters,
        many,
        new Date('2026-12-01T10:00:00Z'),
      );
      const again = await DatabaseObservationStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const found = await again.byKubernetesIds(['service-7', 'service-999']);
      expect(found.map(o => o.name).sort()).toEqual(
        ['db-7', 'db-1007', 'db-2007', 'db-999', 'db-1999'].sort(),
      );
    });

    it('a source never read successfully has no last success', async () => {
      const { store: observations } = await store();
      await observations.markFailed(
        caches,
        'Unauthorized',
        new Date('2026-12-01T10:00:00Z'),
      );
      expect(await observations.sources()).toEqual([
        {
          ...caches,
          lastAttemptAt: '2026-12-01T10:00:00.000Z',
          error: 'Unauthorized',
        },
      ]);
      expect(await observations.byKubernetesIds(['orders'])).toEqual([]);
    });
  },
);
