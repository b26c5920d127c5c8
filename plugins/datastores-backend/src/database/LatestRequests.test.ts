import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import { LatestRequests } from './LatestRequests';
import { DatabaseRequestStore } from './RequestStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const request = (
  service: string,
  name: string,
  pr: number,
): ProvisioningRequestRecord => ({
  service,
  name,
  kind: 'cache',
  engine: 'dragonfly',
  environments: ['dev'],
  criticality: 'ephemeral',
  decisions: [
    {
      environment: 'dev',
      strategy: 'self-hosted',
      provider: 'dragonfly',
      target: 'gitops',
      rationale: 'Rule 1',
    },
  ],
  pullRequests: [
    {
      target: 'gitops',
      repo: 'acme/gitops',
      url: `https://github.com/acme/gitops/pull/${pr}`,
      number: pr,
    },
  ],
  resources: [],
});

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())('LatestRequests on %s', id => {
  /** Two replicas' stores on one database, each counting the lists it makes. */
  async function twoReplicas() {
    const knex = await databases.init(id);
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    const make = async () => {
      const inner = await DatabaseRequestStore.create({ database });
      const counted = { lists: 0 };
      const list = inner.list.bind(inner);
      inner.list = async filter => {
        counted.lists++;
        return list(filter);
      };
      return { store: new LatestRequests(inner, 100), inner, counted };
    };
    return [await make(), await make()] as const;
  }

  it('raises the revision on every write that changes something, and only then', async () => {
    const [{ inner }] = await twoReplicas();
    const start = await inner.revision();
    const stored = await inner.record(
      request('component:default/a', 'cache', 1),
      'user:default/ann',
    );
    expect(await inner.revision()).toBe(start + 1);
    // The same datastore again merges into the row: a write all the same.
    await inner.record(
      request('component:default/a', 'cache', 2),
      'user:default/ann',
    );
    expect(await inner.revision()).toBe(start + 2);
    await inner.amend(stored.id, current => current);
    expect(await inner.revision()).toBe(start + 2);
    await inner.amend(stored.id, current => ({ ...current, size: 'large' }));
    expect(await inner.revision()).toBe(start + 3);
  });

  it('serves reads from memory, sees its own writes at once and another replica’s within checkEveryMs', async () => {
    const [one, two] = await twoReplicas();
    await one.store.record(
      request('component:default/a', 'cache', 1),
      'user:default/ann',
    );
    expect(
      (await one.store.list({ serviceRef: 'component:default/a' })).map(
        s => s.request.name,
      ),
    ).toEqual(['cache']);
    const listsBefore = one.counted.lists;
    for (let i = 0; i < 20; i++) {
      await one.store.list({ serviceRef: 'component:default/a' });
      await one.store.list();
    }
    // Twenty reads of each kind: not one list more.
    expect(one.counted.lists).toBe(listsBefore);
    expect(await one.store.list({ serviceRef: 'component:default/b' })).toEqual(
      [],
    );

    // The other replica writes: this one sees it once its check interval has passed.
    await two.store.record(
      request('component:default/b', 'session', 7),
      'user:default/bob',
    );
    await sleep(150);
    const b = await one.store.list({ serviceRef: 'component:default/b' });
    expect(b.map(s => s.request.pullRequests[0].number)).toEqual([7]);
    expect((await one.store.list()).map(s => s.request.service)).toEqual([
      'component:default/a',
      'component:default/b',
    ]);

    // A write through this store is seen by the next read, without waiting.
    const [stored] = b;
    await one.store.amend(stored.id, current => ({
      ...current,
      size: 'large',
    }));
    expect(
      (await one.store.list({ serviceRef: 'component:default/b' }))[0].request
        .size,
    ).toBe('large');
  });
});
