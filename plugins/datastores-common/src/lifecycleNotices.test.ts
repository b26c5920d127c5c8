import { LifecycleInput, datastoreLifecycle } from './lifecycle';
import {
  NoticeState,
  datastoresTabLink,
  lifecycleNotices,
} from './lifecycleNotices';
import { DatastoreStatus } from './status';

const PR = 'https://github.com/acme/infra-gitops/pull/7';

/** A self-hosted production cache whose lifecycle is computed from `observed`. */
function status(
  observed: Partial<LifecycleInput> & {
    posture?: DatastoreStatus['backup']['posture'];
  } = {},
): DatastoreStatus {
  const input: LifecycleInput = {
    strategy: 'self-hosted',
    inCatalog: false,
    pullRequests: [
      { url: PR, target: 'gitops', state: 'open', checks: 'pending' },
    ],
    readiness: { state: 'declared' },
    secretSync: { status: 'pending' },
    ...observed,
  };
  return {
    entityRef: 'resource:default/orders-main-production',
    inCatalog: input.inCatalog,
    name: 'main',
    kind: 'database',
    engine: 'postgres',
    environment: 'production',
    criticality: 'catastrophic',
    strategy: 'self-hosted',
    provider: 'cloudnative-pg',
    backup: {
      posture: observed.posture ?? 'protected',
      detail: 'No backup has completed in 3 days.',
    },
    connection: { secretName: 'orders-main-app', keys: ['uri', 'password'] },
    pullRequests: input.pullRequests.map(p => ({
      ...p,
      repo: 'acme/infra-gitops',
      number: 7,
    })),
    lifecycle: datastoreLifecycle(input),
  } as unknown as DatastoreStatus;
}

const merged = {
  pullRequests: [
    {
      url: PR,
      target: 'gitops' as const,
      state: 'merged' as const,
      checks: 'success' as const,
      mergedAt: '2026-12-03T10:00:00Z',
    },
  ],
};
const ready = {
  ...merged,
  inCatalog: true,
  readiness: { state: 'ready' as const, observedAt: '2026-12-03T10:05:00Z' },
  secretSync: { status: 'synced' as const },
};

/** Feeds the statuses in order, as the notifier would, and lists the notices told. */
function tell(...statuses: DatastoreStatus[]) {
  let told: NoticeState | undefined;
  const kinds: string[] = [];
  for (const s of statuses) {
    const { notices, next } = lifecycleNotices(s, told);
    kinds.push(...notices.map(n => n.kind));
    told = next;
  }
  return { kinds, told };
}

describe('lifecycleNotices', () => {
  it('tells each step once: opened, merged, ready, with how to connect', () => {
    const first = lifecycleNotices(status());
    expect(first.notices).toEqual([
      expect.objectContaining({
        kind: 'opened',
        title: 'Pull requests opened for main (production)',
        description: expect.stringContaining(PR),
        scope: 'datastores:resource:default/orders-main-production:opened',
      }),
    ]);
    const last = lifecycleNotices(status(ready), { told: 'merged' });
    expect(last.notices).toEqual([
      expect.objectContaining({
        kind: 'ready',
        description:
          "Connect with the secret orders-main-app in the service's namespace, keys: uri, password.",
      }),
    ]);
    expect(
      tell(status(), status(), status(merged), status(merged), status(ready))
        .kinds,
    ).toEqual(['opened', 'merged', 'ready']);
  });

  it('skips the steps it did not see, and never goes backwards on an unknown', () => {
    expect(tell(status(ready)).kinds).toEqual(['ready']);
    const unknownAgain = status({
      ...ready,
      readiness: { state: 'unknown' },
    });
    expect(tell(status(ready), unknownAgain, status(ready)).kinds).toEqual([
      'ready',
    ]);
  });

  it('tells a failure once, and ready again once its step is done', () => {
    const syncError = status({
      ...ready,
      secretSync: { status: 'error', message: 'SecretSyncedError' },
    });
    const { notices } = lifecycleNotices(syncError, { told: 'ready' });
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'failed',
        title: 'main (production) failed at ready',
        description: expect.stringContaining('SecretSyncedError'),
        severity: 'high',
      }),
    ]);
    const unknown = status({ ...ready, secretSync: { status: 'unknown' } });
    expect(
      tell(status(ready), syncError, syncError, unknown, syncError).kinds,
    ).toEqual(['ready', 'failed']);
    expect(
      tell(status(ready), syncError, unknown, status(ready), status(ready))
        .kinds,
    ).toEqual(['ready', 'failed', 'ready']);
  });

  it('tells production backups at risk once the datastore is ready, until they are fine', () => {
    const atRisk = status({ ...ready, posture: 'at-risk' });
    const { notices } = lifecycleNotices(atRisk, { told: 'ready' });
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'backups-at-risk',
        severity: 'critical',
        description: 'No backup has completed in 3 days.',
      }),
    ]);
    const unknownPosture = status({ ...ready, posture: 'unknown' });
    expect(
      tell(
        status({ ...merged, posture: 'at-risk' }),
        atRisk,
        unknownPosture,
        atRisk,
        status(ready),
        atRisk,
      ).kinds,
    ).toEqual(['merged', 'ready', 'backups-at-risk', 'backups-at-risk']);
  });

  it('tells nothing for a status without a lifecycle, and remembers the state it saw', () => {
    const { lifecycle, ...without } = status();
    expect(lifecycleNotices(without as DatastoreStatus)).toEqual({
      notices: [],
      next: {},
    });
    expect(tell(status(merged)).told).toEqual({
      told: 'merged',
      seen: 'merged',
    });
  });

  it('links to the service tab', () => {
    expect(datastoresTabLink('component:default/orders')).toBe(
      '/catalog/default/component/orders/datastores',
    );
  });
});
