import { ReadinessState, SecretSyncStatus } from './status';
import { Strategy } from './model';

/** The steps of a datastore in one environment, in order. @public */
export const LIFECYCLE_STEPS = [
  'requested',
  'merged',
  'applied',
  'ready',
] as const;
/** @public */
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

/**
 * One step: `done` with its evidence, `current` while it is awaited, `pending` behind an
 * earlier step, `failed` with the reason, or `unknown` when nothing observed says.
 * @public
 */
export interface LifecycleStepState {
  step: LifecycleStep;
  status: 'done' | 'current' | 'pending' | 'failed' | 'unknown';
  /** When it happened (ISO 8601), when known. */
  at?: string;
  /** What proves it, or what it waits for, in words. */
  evidence: string;
}

/** Where a datastore stands: its last done step, or `failed`. @public */
export interface DatastoreLifecycle {
  state: LifecycleStep | 'failed';
  steps: LifecycleStepState[];
}

/** What the apply workflow's runs on a merge commit can say about one root module. @public */
export const APPLY_RESULTS = ['success', 'failure', 'pending', 'none'] as const;
/** @public */
export type ApplyResult = (typeof APPLY_RESULTS)[number];

const FAILED_CONCLUSIONS = [
  'failure',
  'cancelled',
  'timed_out',
  'startup_failure',
  'action_required',
];

/**
 * The apply workflow's result for one root module, from the check runs of the merge commit:
 * the job `jobName` (a matrix job is `<jobName> (<dir>)`, as GitHub Actions names it), the last
 * run of each name (a re-run adds one). Any failed run fails it; all completed and successful, it succeeded; else it is pending, or
 * `none` when no run of it exists yet.
 * @public
 */
export function applyResult(
  checkRuns: ReadonlyArray<{
    name: string;
    status: string;
    conclusion?: string;
  }>,
  dir: string,
  jobName = 'apply',
): ApplyResult {
  // A re-run adds a run of the same name: the last one of each name is the one that counts.
  const latest = new Map(
    checkRuns
      .filter(r => r.name === jobName || r.name === `${jobName} (${dir})`)
      .map(r => [r.name, r]),
  );
  const mine = [...latest.values()];
  if (!mine.length) return 'none';
  if (mine.some(r => FAILED_CONCLUSIONS.includes(r.conclusion ?? ''))) {
    return 'failure';
  }
  if (mine.every(r => r.status === 'completed' && r.conclusion === 'success')) {
    return 'success';
  }
  return 'pending';
}

/** What the lifecycle of one datastore in one environment is computed from. @public */
export interface LifecycleInput {
  strategy: Strategy;
  inCatalog: boolean;
  /** The pull requests that create it (provision or replace), with what is known of each. */
  pullRequests: ReadonlyArray<{
    url: string;
    target?: 'terraform' | 'gitops';
    state: 'open' | 'merged' | 'closed';
    checks: 'success' | 'failure' | 'pending' | 'none';
    mergedAt?: string;
    /** Terraform only: the apply workflow on the merge commit. */
    apply?: ApplyResult;
  }>;
  readiness: { state: ReadinessState; observedAt?: string; message?: string };
  /**
   * Self-hosted: the Crossplane composite as the collector observed it, its `Synced` and
   * `Ready` conditions (absent when it was not found).
   */
  composite?: {
    kind: string;
    name: string;
    synced?: boolean;
    ready?: boolean;
    message?: string;
  };
  secretSync: {
    status: SecretSyncStatus;
    observedAt?: string;
    message?: string;
  };
}

type Step = Omit<LifecycleStepState, 'step'>;

function requestedStep(input: LifecycleInput): Step {
  const prs = input.pullRequests;
  if (!prs.length) {
    return input.inCatalog
      ? {
          status: 'done',
          evidence: 'In the catalog; no pull request of it is recorded.',
        }
      : { status: 'unknown', evidence: 'No pull request is recorded.' };
  }
  return {
    status: 'done',
    evidence: `Pull requests: ${prs.map(p => p.url).join(', ')}.`,
  };
}

function mergedStep(input: LifecycleInput): Step {
  const prs = input.pullRequests;
  if (!prs.length) return requestedStep(input);
  const closed = prs.filter(p => p.state === 'closed');
  if (closed.length) {
    return {
      status: 'failed',
      evidence: `Closed without being merged: ${closed
        .map(p => p.url)
        .join(', ')}.`,
    };
  }
  const open = prs.filter(p => p.state === 'open');
  if (open.length) {
    const failing = open.filter(p => p.checks === 'failure');
    return {
      status: 'current',
      evidence: failing.length
        ? `Checks fail on ${failing.map(p => p.url).join(', ')}.`
        : `Waiting for ${open.map(p => p.url).join(', ')} to be merged.`,
    };
  }
  const times = prs.flatMap(p => (p.mergedAt ? [p.mergedAt] : [])).sort();
  return {
    status: 'done',
    ...(times.length && { at: times[times.length - 1] }),
    evidence: 'Every pull request is merged.',
  };
}

function appliedStep(input: LifecycleInput): Step {
  if (input.strategy === 'managed') {
    const terraform = input.pullRequests.filter(p => p.target === 'terraform');
    if (!terraform.length) {
      return {
        status: 'unknown',
        evidence:
          'No Terraform pull request is recorded: the apply cannot be told.',
      };
    }
    const results = terraform.map(p => p.apply ?? 'none');
    if (results.includes('failure')) {
      return {
        status: 'failed',
        evidence: 'The apply workflow failed on the merge commit.',
      };
    }
    if (results.every(r => r === 'success')) {
      return {
        status: 'done',
        evidence: 'The apply workflow succeeded on the merge commit.',
      };
    }
    return {
      status: 'current',
      evidence: 'Waiting for the apply workflow to run on the merge commit.',
    };
  }
  // Self-hosted: applied once the collector observes the composite the GitOps controller
  // applied `Synced` and `Ready`; `Synced` false is Crossplane's reconcile error.
  const { readiness, composite } = input;
  if (composite) {
    const what = `The ${composite.kind} ${composite.name}`;
    const why = composite.message ? `: ${composite.message}` : '.';
    if (composite.synced === false) {
      return { status: 'failed', evidence: `${what} does not sync${why}` };
    }
    if (composite.synced && composite.ready) {
      return {
        status: 'done',
        at: readiness.observedAt,
        evidence: `${what} is observed Synced and Ready.`,
      };
    }
    return {
      status: 'current',
      evidence: `${what} is observed, not yet Synced and Ready${why}`,
    };
  }
  // No composite (a cluster without the Compositions, an older setup): the operator's own
  // object observed ready proves it was applied; its absence proves nothing.
  if (readiness.state === 'ready') {
    return {
      status: 'done',
      at: readiness.observedAt,
      evidence: 'Observed ready in the cluster.',
    };
  }
  return {
    status: readiness.state === 'unknown' ? 'unknown' : 'current',
    evidence: `Not observed in the cluster yet${
      readiness.message ? `: ${readiness.message}` : '.'
    }`,
  };
}

function readyStep(input: LifecycleInput): Step {
  const { readiness, secretSync } = input;
  if (secretSync.status === 'error') {
    return {
      status: 'failed',
      evidence: `The connection secret does not sync${
        secretSync.message ? `: ${secretSync.message}` : '.'
      }`,
    };
  }
  const synced =
    secretSync.status === 'synced' || secretSync.status === 'not-applicable';
  if (readiness.state === 'ready' && synced) {
    return {
      status: 'done',
      at: readiness.observedAt,
      evidence: 'Observed ready, and its connection secret is synced.',
    };
  }
  if (readiness.state === 'unknown' || secretSync.status === 'unknown') {
    return {
      status: 'unknown',
      evidence: 'Readiness or secret sync is not observed.',
    };
  }
  return {
    status: 'current',
    evidence:
      readiness.state === 'ready'
        ? `Ready; the connection secret is ${secretSync.status}.`
        : `Not ready yet${readiness.message ? `: ${readiness.message}` : '.'}`,
  };
}

/**
 * The lifecycle of one datastore in one environment, from what is observed: requested (its
 * pull requests), merged, applied (the apply workflow on the merge commit, or the composite
 * observed Synced and Ready in the cluster), ready (observed ready, its secret synced). A step after one that is
 * not done is `pending`; the first failed step fails the whole.
 * @public
 */
export function datastoreLifecycle(input: LifecycleInput): DatastoreLifecycle {
  const computed: Record<LifecycleStep, Step> = {
    requested: requestedStep(input),
    merged: mergedStep(input),
    applied: appliedStep(input),
    ready: readyStep(input),
  };
  let blocked = false;
  let state: DatastoreLifecycle['state'] = 'requested';
  const steps = LIFECYCLE_STEPS.map(step => {
    const own = computed[step];
    if (blocked) {
      return { step, status: 'pending' as const, evidence: own.evidence };
    }
    if (own.status === 'failed') state = 'failed';
    else if (own.status === 'done') state = step;
    if (own.status !== 'done') blocked = true;
    return { step, ...own };
  });
  return { state, steps };
}

/** Where a datastore stands, as one word: its lifecycle's state, or `unknown`. @public */
export type LifecycleStanding = DatastoreLifecycle['state'] | 'unknown';

/** Every value of {@link LifecycleStanding}, in the lifecycle's order. @public */
export const LIFECYCLE_STANDINGS: readonly LifecycleStanding[] = [
  ...LIFECYCLE_STEPS,
  'failed',
  'unknown',
];

/**
 * Where a datastore stands: `failed`, `unknown` when the step it awaits is not observed (or no
 * lifecycle is known: an older backend), else its state (its last done step). Unknown is not
 * the state before it: "merged" with the apply unknown is not "merged, applying".
 * @public
 */
export function lifecycleStanding(
  lifecycle: DatastoreLifecycle | undefined,
): LifecycleStanding {
  if (!lifecycle) return 'unknown';
  if (lifecycle.state === 'failed') return 'failed';
  const next = lifecycle.steps.find(s => s.status !== 'done');
  return next?.status === 'unknown' ? 'unknown' : lifecycle.state;
}
