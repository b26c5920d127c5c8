import {
  LifecycleInput,
  applyResult,
  datastoreLifecycle,
  lifecycleStanding,
} from './lifecycle';

const tf = (extra: Partial<LifecycleInput['pullRequests'][number]> = {}) => ({
  url: 'https://github.com/acme/infra-terraform/pull/1',
  target: 'terraform' as const,
  state: 'open' as const,
  checks: 'pending' as const,
  ...extra,
});
const managed = (extra: Partial<LifecycleInput> = {}): LifecycleInput => ({
  strategy: 'managed',
  inCatalog: false,
  pullRequests: [tf()],
  readiness: { state: 'unknown' },
  secretSync: { status: 'pending' },
  ...extra,
});
const statuses = (input: LifecycleInput) =>
  datastoreLifecycle(input).steps.map(s => `${s.step}:${s.status}`);

describe('applyResult', () => {
  const run = (name: string, status: string, conclusion?: string) => ({
    name,
    status,
    conclusion,
  });
  const dir = 'datastores/production/orders-main';
  it("reads the apply job's run of this module (a matrix job's name carries its dir)", () => {
    expect(applyResult([], dir)).toBe('none');
    expect(applyResult([run('plan', 'completed', 'failure')], dir)).toBe(
      'none',
    );
    expect(
      applyResult([run(`apply (${dir})`, 'completed', 'success')], dir),
    ).toBe('success');
    expect(applyResult([run(`apply (${dir})`, 'in_progress')], dir)).toBe(
      'pending',
    );
    expect(
      applyResult(
        [
          run('apply (datastores/production/other)', 'completed', 'failure'),
          run(`apply (${dir})`, 'completed', 'cancelled'),
        ],
        dir,
      ),
    ).toBe('failure');
    // A re-run that succeeded replaces the failed run.
    expect(
      applyResult(
        [
          run(`apply (${dir})`, 'completed', 'failure'),
          run(`apply (${dir})`, 'completed', 'success'),
        ],
        dir,
      ),
    ).toBe('success');
    // Another module's failure is not this one's.
    expect(
      applyResult(
        [
          run('apply (datastores/production/other)', 'completed', 'failure'),
          run(`apply (${dir})`, 'completed', 'success'),
        ],
        dir,
      ),
    ).toBe('success');
  });
});

describe('datastoreLifecycle', () => {
  it('walks a managed datastore from its pull request to ready, each step on its evidence', () => {
    expect(statuses(managed())).toEqual([
      'requested:done',
      'merged:current',
      'applied:pending',
      'ready:pending',
    ]);
    const merged = managed({
      pullRequests: [tf({ state: 'merged', mergedAt: '2026-12-03T10:00:00Z' })],
    });
    expect(statuses(merged)).toEqual([
      'requested:done',
      'merged:done',
      'applied:current',
      'ready:pending',
    ]);
    expect(datastoreLifecycle(merged).steps[1].at).toBe('2026-12-03T10:00:00Z');
    const applied = managed({
      inCatalog: true,
      pullRequests: [tf({ state: 'merged', apply: 'success' })],
      readiness: { state: 'not-ready', observedAt: '2026-12-03T10:05:00Z' },
      secretSync: { status: 'pending' },
    });
    expect(datastoreLifecycle(applied).state).toBe('applied');
    const ready = managed({
      inCatalog: true,
      pullRequests: [tf({ state: 'merged', apply: 'success' })],
      readiness: { state: 'ready', observedAt: '2026-12-03T10:09:00Z' },
      secretSync: { status: 'synced', observedAt: '2026-12-03T10:09:00Z' },
    });
    expect(datastoreLifecycle(ready)).toMatchObject({
      state: 'ready',
      steps: [
        { status: 'done' },
        { status: 'done' },
        { status: 'done' },
        { status: 'done', at: '2026-12-03T10:09:00Z' },
      ],
    });
  });

  it('fails on a failed apply, a closed pull request or a secret that does not sync, saying which', () => {
    const failedApply = datastoreLifecycle(
      managed({ pullRequests: [tf({ state: 'merged', apply: 'failure' })] }),
    );
    expect(failedApply.state).toBe('failed');
    expect(failedApply.steps[2]).toMatchObject({
      step: 'applied',
      status: 'failed',
      evidence: 'The apply workflow failed on the merge commit.',
    });
    expect(failedApply.steps[3].status).toBe('pending');
    expect(
      datastoreLifecycle(managed({ pullRequests: [tf({ state: 'closed' })] }))
        .state,
    ).toBe('failed');
    const syncError = datastoreLifecycle(
      managed({
        pullRequests: [tf({ state: 'merged', apply: 'success' })],
        readiness: { state: 'ready' },
        secretSync: { status: 'error', message: 'no such secret' },
      }),
    );
    expect(syncError.steps[3]).toMatchObject({
      status: 'failed',
      evidence: 'The connection secret does not sync: no such secret',
    });
  });

  it('never says done on what it did not observe', () => {
    const selfHosted = datastoreLifecycle({
      strategy: 'self-hosted',
      inCatalog: true,
      pullRequests: [],
      readiness: { state: 'declared' },
      secretSync: { status: 'unknown' },
    });
    expect(selfHosted.steps.map(s => s.status)).toEqual([
      'done',
      'done',
      'current',
      'pending',
    ]);
    expect(selfHosted.state).toBe('merged');
    const unobserved = datastoreLifecycle({
      strategy: 'self-hosted',
      inCatalog: true,
      pullRequests: [],
      readiness: { state: 'unknown' },
      secretSync: { status: 'unknown' },
    });
    expect(unobserved.steps[2].status).toBe('unknown');
  });

  it('counts a self-hosted datastore applied once its composite is observed Synced and Ready', () => {
    const base: LifecycleInput = {
      strategy: 'self-hosted',
      inCatalog: true,
      pullRequests: [],
      readiness: {
        state: 'not-ready',
        message: 'No Dragonfly x in the cluster yet.',
      },
      secretSync: { status: 'pending' },
    };
    const applied = (extra: Partial<LifecycleInput>) =>
      datastoreLifecycle({ ...base, ...extra }).steps[2];
    // Absent from the cluster proves nothing was applied.
    expect(applied({})).toMatchObject({
      status: 'current',
      evidence:
        'Not observed in the cluster yet: No Dragonfly x in the cluster yet.',
    });
    const composite = { kind: 'CacheInstance', name: 'x' };
    expect(
      applied({ composite: { ...composite, synced: true, ready: true } }),
    ).toMatchObject({
      status: 'done',
      evidence: 'The CacheInstance x is observed Synced and Ready.',
    });
    expect(
      applied({ composite: { ...composite, synced: true, ready: false } }),
    ).toMatchObject({ status: 'current' });
    expect(
      applied({
        composite: {
          ...composite,
          synced: false,
          message: 'cannot compose resources',
        },
      }),
    ).toMatchObject({
      status: 'failed',
      evidence: 'The CacheInstance x does not sync: cannot compose resources',
    });
    // Without a composite, the operator's object observed ready proves it.
    expect(applied({ readiness: { state: 'ready' } }).status).toBe('done');
  });
});

describe('lifecycleStanding', () => {
  it('is the state, failed, or unknown when the step it awaits is not observed', () => {
    const awaitingMerge = datastoreLifecycle(managed());
    expect(awaitingMerge.state).toBe('requested');
    expect(lifecycleStanding(awaitingMerge)).toBe('requested');
    const closed = datastoreLifecycle(
      managed({ pullRequests: [tf({ state: 'closed' })] }),
    );
    expect(lifecycleStanding(closed)).toBe('failed');
    const ready = datastoreLifecycle({
      strategy: 'self-hosted',
      inCatalog: true,
      pullRequests: [],
      readiness: { state: 'ready', observedAt: '2026-10-01T12:00:00Z' },
      secretSync: { status: 'not-applicable' },
    });
    expect(lifecycleStanding(ready)).toBe('ready');
  });

  it('never reads an unobserved step as the state before it', () => {
    // Merged, but no Terraform pull request says whether it was applied.
    const applyUnknown = datastoreLifecycle({
      strategy: 'managed',
      inCatalog: true,
      pullRequests: [],
      readiness: { state: 'declared' },
      secretSync: { status: 'pending' },
    });
    expect(applyUnknown.state).toBe('merged');
    expect(lifecycleStanding(applyUnknown)).toBe('unknown');
    // Nothing recorded at all: the state says requested, which nothing observed.
    const nothing = datastoreLifecycle({
      strategy: 'self-hosted',
      inCatalog: false,
      pullRequests: [],
      readiness: { state: 'unknown' },
      secretSync: { status: 'unknown' },
    });
    expect(nothing.state).toBe('requested');
    expect(lifecycleStanding(nothing)).toBe('unknown');
    // An older backend sends none.
    expect(lifecycleStanding(undefined)).toBe('unknown');
  });
});
