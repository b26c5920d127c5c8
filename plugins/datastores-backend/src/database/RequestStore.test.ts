import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
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
    async function storeOn(knex: Awaited<ReturnType<typeof databases.init>>) {
      return DatabaseRequestStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
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
  },
);
