import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  DATASTORES_STATUS_CHANNEL,
  DatastoreStatus,
} from '@datastores/plugin-datastores-common';
import { DatastoresApi, datastoresApiRef } from '../../api';
import { absoluteTime } from '../../time';
import {
  aDatastore,
  anAnswer,
  fakeDatastoresApi,
  fakeSignalApi,
  lifecycleOf,
  ordersService,
} from '../../../fixtures/fixtures';
import { EntityDatastoresContent } from './EntityDatastoresContent';

/** The backend's signal, as it reaches the page. */
async function publish(
  signals: ReturnType<typeof fakeSignalApi>,
  channel: string,
  message: Record<string, any>,
) {
  await act(async () => signals.publish(channel, message));
}

async function renderTab(
  api: DatastoresApi,
  signals?: ReturnType<typeof fakeSignalApi>,
) {
  const tree = (
    <TestApiProvider apis={[[datastoresApiRef, api]]}>
      <EntityProvider entity={ordersService}>
        <EntityDatastoresContent />
      </EntityProvider>
    </TestApiProvider>
  );
  return renderInTestApp(
    signals ? (
      <TestApiProvider apis={[[signalApiRef, signals]]}>{tree}</TestApiProvider>
    ) : (
      tree
    ),
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function answering(...datastores: DatastoreStatus[]) {
  return fakeDatastoresApi({
    getEntityDatastores: jest.fn(async () => anAnswer(datastores)),
  });
}

const productionDb = aDatastore({
  backup: {
    posture: 'at-risk',
    retentionDays: 3,
    pitr: false,
    lastBackupAt: '2026-10-01T02:00:00Z',
    recoverableFrom: '2026-09-28T02:00:00Z',
    detail: 'Backups are kept 3 days.',
  },
  secretSync: {
    status: 'error',
    lastSyncedAt: '2026-09-30T12:00:00Z',
    message: 'SecretSyncedError: could not read orders-users-production',
  },
  policy: {
    state: 'violates',
    compliant: false,
    violations: [
      {
        id: 'retention',
        message: 'backups are kept 3 days; the policy requires at least 7',
      },
      {
        id: 'pitr',
        message: 'point-in-time recovery is off; the policy requires it',
      },
    ],
  },
  pullRequests: [
    {
      url: 'https://github.com/acme/terraform/pull/12',
      repo: 'acme/terraform',
      number: 12,
      state: 'merged',
      checks: 'failure',
    },
  ],
});

const devDb = aDatastore({
  entityRef: 'resource:default/orders-users-dev',
  environment: 'dev',
  criticality: 'ephemeral',
  strategy: 'self-hosted',
  provider: 'cloudnative-pg',
  decision: {
    rationale:
      'Rule 5 (otherwise-self-hosted): the data can be rebuilt or recreated, so it is self-hosted through Crossplane. Self-hosted postgres on cloudnative-pg, through the GitOps repo.',
    rule: 'otherwise-self-hosted',
    ruleNumber: 5,
    reason:
      'the data can be rebuilt or recreated, so it is self-hosted through Crossplane',
  },
  backup: {
    posture: 'not-required',
    detail: 'No backups: the data is recreated from fixtures.',
  },
  secretSync: {
    status: 'not-applicable',
    message: 'The operator writes the secret in the cluster.',
  },
  connection: { secretName: 'orders-users-dev-app', keys: ['host', 'uri'] },
});

const devCache = aDatastore({
  entityRef: 'resource:default/orders-sessions-dev',
  inCatalog: false,
  name: 'sessions',
  kind: 'cache',
  engine: 'dragonfly',
  environment: 'dev',
  criticality: 'reconstructable',
  strategy: 'self-hosted',
  provider: 'dragonfly',
  backup: {
    posture: 'declared',
    retentionDays: 7,
    pitr: false,
    detail:
      'Declared, not applied yet: Scheduled snapshots. Its pull request to the GitOps repo declares them; waiting for it to be merged and applied.',
  },
  pullRequests: [
    {
      url: 'https://github.com/acme/gitops/pull/7',
      repo: 'acme/gitops',
      number: 7,
      state: 'open',
      checks: 'pending',
    },
  ],
});

/** The section of the environment headed `name`. */
function environment(name: string) {
  return screen.getByRole('region', { name });
}

/** The section of the datastore headed `name` inside `scope`. */
function datastore(scope: HTMLElement, name: string) {
  return within(scope).getByRole('region', { name });
}

describe('EntityDatastoresContent', () => {
  it('groups datastores by environment, most precious first', async () => {
    await renderTab(answering(devCache, devDb, productionDb));
    await screen.findByRole('heading', { name: 'Production' });
    expect(
      screen.getAllByRole('heading', { level: 2 }).map(h => h.textContent),
    ).toEqual(['Production', 'Dev']);
    expect(
      within(environment('Production'))
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual(['users']);
    expect(
      within(environment('Dev'))
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual(['sessions', 'users']);
  });

  it('shows the decision, the policy violations, backups, secret sync, how to connect and pull requests', async () => {
    await renderTab(answering(productionDb));
    const section = datastore(
      await screen.findByRole('region', { name: 'Production' }),
      'users',
    );
    const inSection = within(section);
    // The decision in words and display names; the rule's id on its own line.
    expect(
      inSection.getByText(
        'Losing the data would be catastrophic, so a managed service runs and backs it up. Managed PostgreSQL on AWS RDS, through the Terraform repo.',
      ),
    ).toBeInTheDocument();
    expect(
      inSection.getByText('Rule 4 · catastrophic-is-managed'),
    ).toBeInTheDocument();
    expect(inSection.queryByText(/Rule 4 \(/)).toBeNull();
    expect(
      inSection.getByText('Database · PostgreSQL · Managed on AWS RDS'),
    ).toBeInTheDocument();

    expect(inSection.getByText('Breaks the policy')).toBeInTheDocument();
    expect(
      inSection.getByText(
        'backups are kept 3 days; the policy requires at least 7',
      ),
    ).toBeInTheDocument();
    expect(
      inSection.getByText(
        'point-in-time recovery is off; the policy requires it',
      ),
    ).toBeInTheDocument();

    expect(inSection.getByText('At risk')).toBeInTheDocument();
    expect(inSection.getByText('3 days')).toBeInTheDocument();
    expect(
      inSection.getByText('Point-in-time recovery').nextSibling,
    ).toHaveTextContent('No');
    expect(
      section.querySelector('time[datetime="2026-10-01T02:00:00Z"]'),
    ).not.toBeNull();
    expect(
      section.querySelector('time[datetime="2026-09-28T02:00:00Z"]'),
    ).not.toBeNull();
    expect(inSection.getByText('Backups are kept 3 days.')).toBeInTheDocument();

    expect(inSection.getByText('Sync error')).toBeInTheDocument();
    expect(
      section.querySelector('time[datetime="2026-09-30T12:00:00Z"]'),
    ).not.toBeNull();
    expect(
      inSection.getAllByText(
        'SecretSyncedError: could not read orders-users-production',
      ).length,
    ).toBeGreaterThan(0);

    expect(
      inSection.getByText('orders-users-production-db'),
    ).toBeInTheDocument();
    for (const key of [
      'host',
      'port',
      'dbname',
      'username',
      'password',
      'uri',
    ]) {
      expect(inSection.getByText(key)).toBeInTheDocument();
    }

    const pr = inSection.getByRole('link', {
      name: /^Pull request acme\/terraform#12: Merged, checks failed/,
    });
    expect(pr).toHaveAttribute(
      'href',
      'https://github.com/acme/terraform/pull/12',
    );
    expect(inSection.getByText('Merged')).toBeInTheDocument();
    expect(inSection.getByText('Checks failed')).toBeInTheDocument();
  });

  it("says why, in the policy's words, when the policy refuses what is declared", async () => {
    const refused = aDatastore({
      decision: {
        rationale:
          'Refused a postgres database in production with ephemeral data: production databases are never ephemeral [Rule 3 (production-databases-not-ephemeral)]',
      },
    });
    await renderTab(answering(refused));
    const section = datastore(
      await screen.findByRole('region', { name: 'Production' }),
      'users',
    );
    expect(
      within(section).getByText(/^Refused a postgres database in production/),
    ).toBeInTheDocument();
  });

  it('says a compliant datastore complies', async () => {
    await renderTab(answering(devDb));
    const section = datastore(
      await screen.findByRole('region', { name: 'Dev' }),
      'users',
    );
    expect(
      within(section).getByText('Complies with the policy'),
    ).toBeInTheDocument();
    expect(within(section).getByText('Not required')).toBeInTheDocument();
    expect(within(section).getByText('In cluster')).toBeInTheDocument();
    expect(
      within(section).getByText('orders-users-dev-app'),
    ).toBeInTheDocument();
  });

  it('shows a requested datastore as pending, with its pull request state and checks', async () => {
    await renderTab(answering(devCache));
    const section = datastore(
      await screen.findByRole('region', { name: 'Dev' }),
      'sessions',
    );
    expect(within(section).getByText('Requested')).toBeInTheDocument();
    expect(within(section).getByText('Open')).toBeInTheDocument();
    expect(within(section).getByText('Checks running')).toBeInTheDocument();
    expect(
      within(section).getByRole('img', { name: 'Requested' }),
    ).toBeInTheDocument();
    expect(
      within(section).getByRole('img', { name: 'Pull request open' }),
    ).toBeInTheDocument();
    expect(
      within(section).getByText('Declared, not applied yet'),
    ).toBeInTheDocument();
  });

  describe('the lifecycle', () => {
    /** The cache with the lifecycle the backend gives it: its pull request in review. */
    const inReview = { ...devCache, lifecycle: lifecycleOf(devCache) };
    /** Merged, applied (observed in the cluster), ready, its secret in the cluster. */
    const ready = {
      ...devCache,
      inCatalog: true,
      pullRequests: [{ ...devCache.pullRequests[0], state: 'merged' as const }],
      readiness: {
        state: 'ready' as const,
        observedAt: '2026-10-01T12:00:00Z',
      },
      secretSync: { status: 'not-applicable' as const },
    };
    const readyNow = { ...ready, lifecycle: lifecycleOf(ready) };

    /** The steps of a datastore's lifecycle, each as its list item. */
    function lifecycleSteps(name: string) {
      return within(
        screen.getByRole('list', { name: `Lifecycle of ${name}` }),
      ).getAllByRole('listitem');
    }

    it('shows every step with its status, time and evidence in words', async () => {
      await renderTab(answering(inReview));
      const section = datastore(
        await screen.findByRole('region', { name: 'Dev' }),
        'sessions',
      );
      expect(
        within(section).getByRole('heading', { level: 4, name: 'Lifecycle' }),
      ).toBeInTheDocument();
      const [requested, merged, applied, readyStep] =
        lifecycleSteps('sessions');
      expect(requested).toHaveTextContent(
        'RequestedDonePull requests: https://github.com/acme/gitops/pull/7.',
      );
      expect(merged).toHaveTextContent(
        'MergedIn progressWaiting for https://github.com/acme/gitops/pull/7 to be merged.',
      );
      // Nothing observed in a cluster yet, and behind the merge: pending, not unknown nor done.
      expect(applied).toHaveTextContent('AppliedPending');
      expect(readyStep).toHaveTextContent('ReadyPending');
    });

    it('reads the datastores again when the backend signals a change, and shows the new steps', async () => {
      const api = fakeDatastoresApi({
        getEntityDatastores: jest
          .fn()
          .mockResolvedValueOnce(anAnswer([inReview]))
          .mockResolvedValue(anAnswer([readyNow])),
      });
      const signals = fakeSignalApi();
      await renderTab(api, signals);
      await screen.findByRole('list', { name: 'Lifecycle of sessions' });
      expect(lifecycleSteps('sessions')[3]).toHaveTextContent('ReadyPending');
      await publish(signals, DATASTORES_STATUS_CHANNEL, {
        service: 'component:default/orders',
        entityRefs: ['resource:default/orders-sessions-dev'],
      });
      await waitFor(() =>
        expect(lifecycleSteps('sessions')[3]).toHaveTextContent('ReadyDone · '),
      );
      const readyStep = lifecycleSteps('sessions')[3];
      expect(readyStep.querySelector('time')).toHaveAttribute(
        'dateTime',
        '2026-10-01T12:00:00Z',
      );
      expect(readyStep).toHaveTextContent(
        'Observed ready, and its connection secret is synced.',
      );
      expect(api.getEntityDatastores).toHaveBeenCalledTimes(2);
    });

    it('shows no lifecycle an older backend did not send', async () => {
      await renderTab(answering(devCache));
      const section = datastore(
        await screen.findByRole('region', { name: 'Dev' }),
        'sessions',
      );
      expect(
        within(section).queryByRole('heading', { name: 'Lifecycle' }),
      ).not.toBeInTheDocument();
      expect(
        within(section).queryByRole('list', { name: /^Lifecycle/ }),
      ).toBeNull();
    });
  });

  it('shares the empty and error states with the card', async () => {
    await renderTab(fakeDatastoresApi());
    expect(
      await screen.findByRole('link', { name: 'Provision a datastore' }),
    ).toBeInTheDocument();
  });

  describe('day 2', () => {
    /** The template a menu item links to, and the answers it pre-fills. */
    function templateLink(item: HTMLElement) {
      const [path, query] = item.getAttribute('href')!.split('?');
      return {
        path,
        formData: JSON.parse(new URLSearchParams(query).get('formData')!),
      };
    }

    async function openActions(section: HTMLElement, name: string) {
      fireEvent.click(within(section).getByRole('button', { name }));
      return within(await screen.findByRole('menu'));
    }

    it('offers to change or decommission each datastore from its section, pre-filled', async () => {
      await renderTab(
        answering({ ...productionDb, size: 'small' }, devDb, devCache),
      );
      const production = datastore(
        await screen.findByRole('region', { name: 'Production' }),
        'users',
      );
      const menu = await openActions(
        production,
        'Actions for users (Production)',
      );
      expect(
        templateLink(menu.getByRole('menuitem', { name: 'Change…' })),
      ).toEqual({
        path: '/create/templates/default/change-datastore',
        formData: {
          service: 'component:default/orders',
          name: 'users',
          size: 'small',
          environments: ['production', 'dev'],
          criticality: 'catastrophic',
        },
      });
      expect(
        templateLink(menu.getByRole('menuitem', { name: 'Decommission…' })),
      ).toEqual({
        path: '/create/templates/default/decommission-datastore',
        formData: {
          service: 'component:default/orders',
          name: 'users',
          environments: ['production'],
        },
      });
    });

    it('shows a datastore being decommissioned, its phase and what each pull request does, without its menu', async () => {
      await renderTab(
        answering({
          ...productionDb,
          decommissioning: {
            phase: 'safeguard',
            requestedAt: '2026-10-01T12:00:00Z',
            finalSnapshot: 'orders-users-production-final-20261001',
          },
          pullRequests: [
            {
              url: 'https://github.com/acme/terraform/pull/13',
              repo: 'acme/terraform',
              number: 13,
              state: 'open',
              checks: 'success',
              operation: 'safeguard',
            },
          ],
        }),
      );
      const section = datastore(
        await screen.findByRole('region', { name: 'Production' }),
        'users',
      );
      const label = within(section).getByText('Decommissioning');
      // The tooltip says what comes next.
      expect(label.parentElement).toHaveAttribute(
        'title',
        expect.stringMatching(/run “Decommission datastore” again/),
      );
      expect(
        within(section).getByRole('img', { name: 'Decommissioning' }),
      ).toBeInTheDocument();
      expect(
        within(section).getByText(
          'Safeguard: final snapshot orders-users-production-final-20261001',
        ),
      ).toBeInTheDocument();
      expect(
        within(section).getByRole('link', {
          name: /^Pull request acme\/terraform#13 \(safeguard\): Open, checks passed/,
        }),
      ).toBeInTheDocument();
      expect(
        within(section).queryByRole('button', { name: /^Actions for/ }),
      ).not.toBeInTheDocument();
    });

    it('links the datastore a change of strategy replaces, and its replacement', async () => {
      await renderTab(
        answering(
          {
            ...devDb,
            replacedBy: 'resource:default/orders-users-neon-dev',
          },
          {
            ...devDb,
            entityRef: 'resource:default/orders-users-neon-dev',
            name: 'users-neon',
            inCatalog: false,
            strategy: 'managed',
            provider: 'neon',
            replaces: 'resource:default/orders-users-dev',
          },
        ),
      );
      const dev = await screen.findByRole('region', { name: 'Dev' });
      const replacedBy = within(datastore(dev, 'users')).getByText(
        /^Replaced by/,
      );
      expect(replacedBy).toHaveTextContent('Replaced by users-neon');
      expect(within(replacedBy).getByRole('link')).toHaveAttribute(
        'href',
        '/catalog/default/resource/orders-users-neon-dev',
      );
      const replaces = within(datastore(dev, 'users-neon')).getByText(
        /^Replaces/,
      );
      expect(replaces).toHaveTextContent('Replaces users');
      expect(within(replaces).getByRole('link')).toHaveAttribute(
        'href',
        '/catalog/default/resource/orders-users-dev',
      );
    });
  });

  describe('times', () => {
    afterEach(() => {
      jest.useRealTimers();
    });

    it('says how long ago, with the exact time on hover', async () => {
      jest.useFakeTimers({
        now: new Date('2026-10-01T12:00:00Z'),
        advanceTimers: true,
      });
      await renderTab(
        answering({
          ...productionDb,
          secretSync: {
            ...productionDb.secretSync,
            refreshInterval: '1h',
            observedAt: '2026-10-01T11:58:30Z',
            source: 'cluster prod-eu',
          },
        }),
      );
      const section = datastore(
        await screen.findByRole('region', { name: 'Production' }),
        'users',
      );
      const time = (iso: string) =>
        section.querySelector(`time[datetime="${iso}"]`) as HTMLElement;
      expect(time('2026-10-01T02:00:00Z')).toHaveTextContent('10 hours ago');
      expect(time('2026-10-01T02:00:00Z')).toHaveAttribute(
        'title',
        absoluteTime(new Date('2026-10-01T02:00:00Z')),
      );
      expect(time('2026-09-28T02:00:00Z')).toHaveTextContent('3 days ago');
      expect(time('2026-09-30T12:00:00Z')).toHaveTextContent('yesterday');
      expect(time('2026-10-01T11:58:30Z')).toHaveTextContent('1 minute ago');
      expect(
        within(section).getByText('cluster prod-eu', { exact: false }),
      ).toHaveTextContent('cluster prod-eu, 1 minute ago');
      expect(
        within(section).getByText('Refresh interval', { selector: 'dt' })
          .nextElementSibling,
      ).toHaveTextContent('1h');
      // The tooltip of the secret sync says it too.
      expect(
        within(section).getByText('Sync error').parentElement,
      ).toHaveAttribute(
        'title',
        `SecretSyncedError: could not read orders-users-production. Last synced yesterday (${absoluteTime(
          new Date('2026-09-30T12:00:00Z'),
        )}). Refresh interval: 1h.`,
      );
    });

    it('shows text that is not a time as it is', async () => {
      await renderTab(
        answering({
          ...devDb,
          backup: { ...devDb.backup, lastBackupAt: 'last Tuesday' },
        }),
      );
      const section = datastore(
        await screen.findByRole('region', { name: 'Dev' }),
        'users',
      );
      expect(within(section).getByText('last Tuesday')).toBeInTheDocument();
    });
  });
});
