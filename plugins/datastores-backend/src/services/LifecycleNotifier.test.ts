import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { FleetRow } from '@datastores/plugin-datastores-common';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { NoticeStore } from '../database/NoticeStore';
import { RequestStore, StoredRequest } from '../database/RequestStore';
import { LifecycleNotifier } from './LifecycleNotifier';
import { withLifecycle } from './DatastoresService';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** A requested cache whose pull request is open, as the fleet computes it (with its lifecycle). */
const row: FleetRow = {
  service: 'component:default/orders',
  owner: 'group:default/shop-team',
  datastore: withLifecycle({
    entityRef: 'resource:default/orders-sessions-production',
    inCatalog: false,
    name: 'sessions',
    environment: 'production',
    strategy: 'self-hosted',
    provider: 'dragonfly',
    kind: 'cache',
    backup: { posture: 'declared', detail: '' },
    readiness: { state: 'declared' },
    secretSync: { status: 'pending' },
    connection: { secretName: 's', keys: ['uri'] },
    pullRequests: [
      {
        url: 'https://github.com/acme/infra-gitops/pull/1',
        repo: 'acme/infra-gitops',
        number: 1,
        state: 'open',
        checks: 'pending',
      },
    ],
  } as unknown as FleetRow['datastore']),
};

const requests = (createdAt: string): RequestStore =>
  ({
    list: async () =>
      [
        {
          id: '1',
          request: {
            service: row.service,
            name: 'sessions',
            requestedBy: 'user:default/alice',
          },
          createdBy: 'plugin:scaffolder',
          createdAt,
          updatedAt: createdAt,
        },
      ] as unknown as StoredRequest[],
  } as unknown as RequestStore);

describe.each(databases.eachSupportedId())('LifecycleNotifier on %s', id => {
  async function setup(
    send: (o: NotificationSendOptions) => Promise<void>,
    createdAt = new Date().toISOString(),
  ) {
    const notices = await NoticeStore.create({
      database: mockServices.database({
        knex: await databases.init(id),
        migrations: { skip: false },
      }),
    });
    const logger = mockServices.logger.mock();
    const notifier = () =>
      new LifecycleNotifier({
        rows: async () => [row],
        requests: requests(createdAt),
        notices,
        notifications: { send },
        logger,
      });
    return { notifier, logger };
  }

  it('tells a transition once, however many replicas run at the same time', async () => {
    const sent: NotificationSendOptions[] = [];
    const { notifier } = await setup(async o => {
      sent.push(o);
    });
    const replicas = [notifier(), notifier(), notifier()];
    await Promise.all(replicas.map(r => r.run()));
    await replicas[0].run();
    expect(sent).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['user:default/alice', 'group:default/shop-team'],
        },
        payload: expect.objectContaining({
          title: 'Pull requests opened for sessions (production)',
          link: '/catalog/default/component/orders/datastores',
          topic: 'datastores',
        }),
      },
    ]);
  });

  it('tells an old request nothing when first seen (its baseline), only what follows', async () => {
    const sent: NotificationSendOptions[] = [];
    const { notifier } = await setup(async o => {
      sent.push(o);
    }, '2026-01-01T00:00:00Z');
    await notifier().run();
    expect(sent).toEqual([]);
  });

  it('tries again next run when sending failed, and says once that no notifications backend answers', async () => {
    let fail: Error | undefined = new Error('ECONNRESET');
    const sent: NotificationSendOptions[] = [];
    const { notifier, logger } = await setup(async o => {
      if (fail) throw fail;
      sent.push(o);
    });
    const one = notifier();
    expect((await one.run()).errors).toHaveLength(1);
    fail = undefined;
    await one.run();
    expect(sent).toHaveLength(1);

    const { notifier: other, logger: otherLogger } = await setup(async () => {
      throw new Error('Request failed with status 404');
    });
    const missing = other();
    await missing.run();
    await missing.run();
    expect(otherLogger.warn).toHaveBeenCalledTimes(1);
    expect(otherLogger.warn.mock.calls[0][0]).toContain(
      'the notifications backend answers 404',
    );
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
