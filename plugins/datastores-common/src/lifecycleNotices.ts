import { parseEntityRef } from '@backstage/catalog-model';
import { DatastoreLifecycle, LifecycleStep } from './lifecycle';
import { DatastoreStatus } from './status';

/** A progress a requester is told of: requested, merged, ready (in that order). @public */
export type NoticeProgress = 'requested' | 'merged' | 'ready';
/** The progress a requester is told of, in order. */
const PROGRESS: readonly NoticeProgress[] = ['requested', 'merged', 'ready'];

/**
 * What the people who asked for a datastore (in one environment) were told, so each
 * transition is told once. Stored per datastore entity ref.
 * @public
 */
export interface NoticeState {
  /** The furthest progress told. */
  told?: NoticeProgress;
  /** The step whose failure was told, until that step is observed done. */
  failure?: LifecycleStep;
  /** Told that its backups are at risk, while they are. */
  backupsAtRisk?: boolean;
  /** The lifecycle state last seen, told or not: a change is signalled to open pages. */
  seen?: DatastoreLifecycle['state'];
}

/** @public */
export type NoticeKind =
  | 'opened'
  | 'merged'
  | 'ready'
  | 'failed'
  | 'backups-at-risk';

/** One notification to send, in the words of Backstage's notifications payload. @public */
export interface Notice {
  kind: NoticeKind;
  title: string;
  description: string;
  severity: 'normal' | 'high' | 'critical';
  /** Unique per datastore and transition: the notifications backend keeps one per scope. */
  scope: string;
}

/** The service's Datastores tab in the app, where every notice links to. @public */
export function datastoresTabLink(serviceRef: string): string {
  const { kind, namespace, name } = parseEntityRef(serviceRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/datastores`;
}

/** The furthest progress done: the last step observed done, as a requester is told it. */
function progressOf(lifecycle: DatastoreLifecycle): NoticeProgress | undefined {
  const done = lifecycle.steps.filter(s => s.status === 'done');
  const last: LifecycleStep | undefined = done[done.length - 1]?.step;
  if (!last) return undefined;
  return last === 'applied' ? 'merged' : last;
}

const rank = (p: NoticeProgress | undefined) => (p ? PROGRESS.indexOf(p) : -1);

/** Production backups observed missing or failing (declared and unknown postures tell nothing). */
function backupsAtRisk(status: DatastoreStatus): boolean {
  return (
    status.environment === 'production' &&
    (status.backup.posture === 'at-risk' ||
      status.backup.posture === 'unprotected')
  );
}

function describe(status: DatastoreStatus) {
  return `${status.name} (${status.environment})`;
}

function progressNotice(
  status: DatastoreStatus,
  progress: NoticeProgress,
  lifecycle: DatastoreLifecycle,
): Notice {
  const scope = `datastores:${status.entityRef}`;
  const step = (name: LifecycleStep) =>
    lifecycle.steps.find(s => s.step === name)!;
  if (progress === 'requested') {
    const urls = status.pullRequests.map(p => p.url);
    return {
      kind: 'opened',
      title: `Pull requests opened for ${describe(status)}`,
      description: `The ${status.kind} ${status.name} for ${
        status.environment
      } (${status.strategy}, ${status.provider}) waits for review: ${urls.join(
        ', ',
      )}.`,
      severity: 'normal',
      scope: `${scope}:opened`,
    };
  }
  if (progress === 'merged') {
    return {
      kind: 'merged',
      title: `${describe(status)} merged`,
      description: `Its pull requests are merged. ${step('applied').evidence}`,
      severity: 'normal',
      scope: `${scope}:merged`,
    };
  }
  const { secretName, keys } = status.connection;
  return {
    kind: 'ready',
    title: `${describe(status)} is ready`,
    description: `Connect with the secret ${secretName} in the service's namespace, keys: ${keys.join(
      ', ',
    )}.`,
    severity: 'normal',
    scope: `${scope}:ready`,
  };
}

/**
 * The notices one datastore's status calls for, given what was told before, and what is told
 * after them. Told once per transition: the requested, merged and ready progress (never
 * backwards: a step observed unknown for a while is not news when it comes back), a failure
 * (once per failed step, until that step is done), and production backups at risk once the datastore is ready. After a failure,
 * ready is told again. Nothing is told for a status without a lifecycle.
 * @public
 */
export function lifecycleNotices(
  status: DatastoreStatus,
  told: NoticeState = {},
): { notices: Notice[]; next: NoticeState } {
  const { lifecycle } = status;
  if (!lifecycle) return { notices: [], next: told };
  const notices: Notice[] = [];
  const next: NoticeState = { ...told, seen: lifecycle.state };
  const stepDone = (step: LifecycleStep) =>
    lifecycle.steps.some(s => s.step === step && s.status === 'done');
  if (lifecycle.state === 'failed') {
    const failed = lifecycle.steps.find(s => s.status === 'failed')!;
    if (failed.step !== told.failure) {
      notices.push({
        kind: 'failed',
        title: `${describe(status)} failed at ${failed.step}`,
        description: failed.evidence,
        severity: 'high',
        scope: `datastores:${status.entityRef}:failed:${failed.step}`,
      });
    }
    next.failure = failed.step;
  } else {
    // A failure lasts until its step is observed done: unknown for a while is not a recovery.
    const recovered = told.failure !== undefined && stepDone(told.failure);
    if (recovered) delete next.failure;
    const progress = progressOf(lifecycle);
    const again = recovered && progress === 'ready';
    if (progress && (rank(progress) > rank(told.told) || again)) {
      notices.push(progressNotice(status, progress, lifecycle));
      next.told = progress;
    }
  }
  const atRisk = lifecycle.state === 'ready' && backupsAtRisk(status);
  if (atRisk && !told.backupsAtRisk) {
    notices.push({
      kind: 'backups-at-risk',
      title: `Backups at risk: ${describe(status)}`,
      description: status.backup.detail,
      severity: 'critical',
      scope: `datastores:${status.entityRef}:backups-at-risk`,
    });
  }
  // Told until the backups are observed fine again, not merely while they are unknown.
  if (atRisk) next.backupsAtRisk = true;
  else if (['protected', 'not-required'].includes(status.backup.posture)) {
    delete next.backupsAtRisk;
  }
  return { notices, next };
}
