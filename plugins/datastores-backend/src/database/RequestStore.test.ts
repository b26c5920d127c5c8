import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  ENVIRONMENTS,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';
import { DatabaseRequestStore } from './RequestStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const request: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'main',
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
      rationale: 'Rule 4',
    },
  ],
  pullRequests: [
    {
      target: 'terraform',
      repo: 'acme/infra',
      url: 'https://github.com/acme/infra/pull/1',
      number: 1,
    },
  ],
  resources: ['resource:default/orders-main-production'],
};

describe.each(databases.eachSupportedId())(
  'DatabaseRequestStore on %s',
  databaseId => {
    type TestKnex = Awaited<ReturnType<typeof databases.init>>;

    async function storeOn(knex: TestKnex) {
      return DatabaseRequestStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    }

    /**
     * Resolves once another transaction is queued behind the one holding the row: on
     * PostgreSQL a session of this database waits on a lock; on SQLite (one connection) a
     * transaction waits for the connection. Or once `settled()`, so a store that does not
     * block fails the assertions instead of hanging.
     */
    async function someoneWaits(knex: TestKnex, settled: () => boolean) {
      for (;;) {
        if (settled()) return;
        if (databaseId.startsWith('POSTGRES')) {
          const { rows } = await knex.raw(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (rows[0].n > 0) return;
        } else if ((knex.client as any).pool.numPendingAcquires() > 0) {
          return;
        }
        await new Promise(resolve => setTimeout(resolve, 5));
      }
    }

    it('records, lists and filters requests', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      const stored = await store.record(request, 'user:default/alice');
      await store.record(
        { ...request, service: 'component:default/billing' },
        'user:default/bob',
      );

      expect(stored).toMatchObject({
        request,
        createdBy: 'user:default/alice',
      });
      expect(
        await store.list({ serviceRef: 'component:default/orders' }),
      ).toEqual([stored]);
      expect(await store.list()).toHaveLength(2);
    });

    it('merges a request for the same datastore instead of adding one', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      await store.record(request, 'user:default/alice');
      await store.record(request, 'user:default/alice');
      const merged = await store.record(
        {
          ...request,
          environments: ['preview'],
          decisions: [
            {
              environment: 'preview',
              strategy: 'self-hosted',
              provider: 'cloudnative-pg',
              target: 'gitops',
              rationale: 'Rule 5',
            },
          ],
          pullRequests: [
            {
              target: 'gitops',
              repo: 'acme/gitops',
              url: 'https://github.com/acme/gitops/pull/7',
              number: 7,
            },
          ],
          resources: ['resource:default/orders-main-preview'],
        },
        'user:default/bob',
      );

      expect(await store.list()).toHaveLength(1);
      expect(merged.createdBy).toBe('user:default/alice');
      expect(merged.request.environments).toEqual(['production', 'preview']);
      expect(merged.request.pullRequests.map(p => p.number)).toEqual([1, 7]);
      expect(merged.request.resources).toEqual([
        'resource:default/orders-main-production',
        'resource:default/orders-main-preview',
      ]);
    });

    it('keeps every request across a restart', async () => {
      const knex = await databases.init(databaseId);
      const first = await storeOn(knex);
      await first.record(request, 'user:default/alice');
      await first.record(
        { ...request, name: 'cache', kind: 'cache', engine: 'dragonfly' },
        'user:default/alice',
      );

      // A new store on the same database runs the migrations again and sees everything.
      const second = await storeOn(knex);
      expect((await second.list()).map(r => r.request.name).sort()).toEqual([
        'cache',
        'main',
      ]);
    });

    it('records the same request from 8 callers at once as one row holding them all', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      const variants = Array.from({ length: 8 }, (_, i) => {
        const environment = ENVIRONMENTS[i % ENVIRONMENTS.length];
        return {
          ...request,
          environments: [environment],
          decisions: [{ ...request.decisions[0], environment }],
          pullRequests: [
            {
              ...request.pullRequests[0],
              url: `https://github.com/acme/infra/pull/${100 + i}`,
              number: 100 + i,
            },
          ],
          resources: [`resource:default/orders-main-${environment}`],
        };
      });

      const results = await Promise.all(
        variants.map((variant, i) =>
          store.record(variant, `user:default/caller-${i}`),
        ),
      );

      const rows = await store.list();
      expect(rows).toHaveLength(1);
      const [row] = rows;
      for (const result of results) {
        expect(result.id).toBe(row.id);
        expect(result.createdBy).toBe(row.createdBy);
        expect(result.createdAt).toBe(row.createdAt);
      }
      // The first record's author; every later one merged into it.
      expect(results.map(r => r.createdBy)).toContain(row.createdBy);
      expect(row.request.pullRequests.map(p => p.url).sort()).toEqual(
        variants.map(v => v.pullRequests[0].url).sort(),
      );
      expect([...row.request.environments].sort()).toEqual(
        [...ENVIRONMENTS].sort(),
      );
      expect(row.request.decisions.map(d => d.environment).sort()).toEqual(
        [...ENVIRONMENTS].sort(),
      );
      expect([...row.request.resources].sort()).toEqual(
        ENVIRONMENTS.map(e => `resource:default/orders-main-${e}`).sort(),
      );
    });

    it('records 8 different requests of a service at once as 8 rows', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      const names = Array.from({ length: 8 }, (_, i) => `store-${i}`);

      await Promise.all(
        names.map(name =>
          store.record({ ...request, name }, 'user:default/alice'),
        ),
      );

      const rows = await store.list({ serviceRef: request.service });
      expect(rows.map(r => r.request.name).sort()).toEqual(names);
    });

    it('amends the record as it is now, not as the caller listed it', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      await store.record(request, 'user:default/alice');
      const [listed] = await store.list();
      await store.record(
        { ...request, environments: ['preview'] },
        'user:default/bob',
      );

      let seen: ProvisioningRequestRecord | undefined;
      expect(
        await store.amend(listed.id, current => {
          seen = current;
          return { ...current, registered: ['url:https://example.com/a'] };
        }),
      ).toBe(true);

      expect(seen?.environments).toEqual(['production', 'preview']);
      const [row] = await store.list();
      expect(row.request.environments).toEqual(['production', 'preview']);
      expect(row.request.registered).toEqual(['url:https://example.com/a']);
      expect(row.createdBy).toBe('user:default/alice');
    });

    it('keeps a request recorded while an amend holds the row, and the amend', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      const { id } = await store.record(request, 'user:default/alice');

      let entered!: () => void;
      const inChange = new Promise<void>(resolve => {
        entered = resolve;
      });
      let release!: () => void;
      const released = new Promise<void>(resolve => {
        release = resolve;
      });
      const amending = store.amend(id, async current => {
        entered();
        await released;
        return {
          ...current,
          pullRequests: current.pullRequests.map(p => ({
            ...p,
            state: 'merged' as const,
          })),
        };
      });
      // The amend has read the row and holds it (PostgreSQL: row lock; SQLite: the only
      // connection) while a record of the same request with another environment comes in.
      await inChange;
      let recorded = false;
      const recording = store
        .record(
          {
            ...request,
            environments: ['preview'],
            decisions: [{ ...request.decisions[0], environment: 'preview' }],
          },
          'user:default/bob',
        )
        .finally(() => {
          recorded = true;
        });
      await someoneWaits(knex, () => recorded);
      // The record waited for the amend rather than finishing under it.
      expect(recorded).toBe(false);
      release();
      expect(await amending).toBe(true);
      const merged = await recording;

      const [row] = await store.list();
      expect(row).toEqual(merged);
      expect(row.request.environments).toEqual(['production', 'preview']);
      expect(row.request.decisions.map(d => d.environment)).toEqual([
        'production',
        'preview',
      ]);
      expect(row.request.pullRequests).toEqual([
        { ...request.pullRequests[0], state: 'merged' },
      ]);
    });

    it('amends nothing and says so when the request is gone', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      const change = jest.fn((current: ProvisioningRequestRecord) => current);

      expect(await store.amend('no-such-id', change)).toBe(false);
      expect(change).not.toHaveBeenCalled();
      expect(await store.list()).toEqual([]);
    });

    it('leaves updatedAt alone when the amend changes nothing', async () => {
      const knex = await databases.init(databaseId);
      const store = await storeOn(knex);
      const stored = await store.record(request, 'user:default/alice');
      await new Promise(resolve => setTimeout(resolve, 5));

      expect(await store.amend(stored.id, current => ({ ...current }))).toBe(
        true,
      );
      expect((await store.list())[0].updatedAt).toBe(stored.updatedAt);

      expect(
        await store.amend(stored.id, current => ({
          ...current,
          registered: ['url:https://example.com/a'],
        })),
      ).toBe(true);
      const [row] = await store.list();
      expect(row.updatedAt > stored.updatedAt).toBe(true);
      expect(row.createdAt).toBe(stored.createdAt);
    });
  },
);
