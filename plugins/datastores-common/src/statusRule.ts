import { BackupPosture, ReadinessState, SecretSyncStatus } from './status';

/**
 * The status rule, what the card may claim: a state is green (synced, protected, ready, checks
 * passed, complies) only when an observation younger than its freshness bound proves it; what
 * the product declared (Terraform's retention, a Composition's snapshot schedule) is its own
 * state, `declared`, never green; any input that could not be read makes the answer `unknown`,
 * with the reason (which cluster, which API, what it said); several observations of one thing
 * (two clusters, two readers): the worst wins, and the answer names where it came from. An
 * observation past its bound, or without a time, proves nothing: `unknown (last seen ...)`.
 */

/** From worst to best: the first of these among several observations is the answer. @public */
export const BACKUP_POSTURE_ORDER: readonly BackupPosture[] = [
  'unprotected',
  'at-risk',
  'unknown',
  'declared',
  'protected',
  'not-required',
];
/** @public */
export const SECRET_SYNC_ORDER: readonly SecretSyncStatus[] = [
  'error',
  'stale',
  'unknown',
  'pending',
  'synced',
  'not-applicable',
];
/** @public */
export const READINESS_ORDER: readonly ReadinessState[] = [
  'not-ready',
  'unknown',
  'declared',
  'ready',
];

/** The states that say "fine": each needs a fresh observation behind it. @public */
export const GREEN_STATES: ReadonlySet<string> = new Set([
  'protected',
  'synced',
  'ready',
]);

/**
 * The worst of several observations of one thing (two clusters, two readers), by `order`
 * (worst first). Undefined when there are none.
 * @public
 */
export function worstOf<T, K extends keyof T>(
  observations: readonly T[],
  key: K,
  order: readonly string[],
): T | undefined {
  const rank = (o: T) => order.indexOf(String(o[key]));
  let worst: T | undefined;
  for (const o of observations) {
    if (!worst || rank(o) < rank(worst)) worst = o;
  }
  return worst;
}

/** "4 minutes", "3 days": how long ago, for people. @public */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * Whether an observation made at `observedAt` still proves anything at `now`: it is stale past
 * `boundMs` (or when its time is unknown). Returns the reason when it is stale.
 * @public
 */
export function staleness(
  observedAt: string | undefined,
  boundMs: number,
  now: Date,
): string | undefined {
  const at = observedAt ? Date.parse(observedAt) : Number.NaN;
  if (Number.isNaN(at)) return 'no observation time';
  const age = now.getTime() - at;
  return age > boundMs ? `last seen ${durationText(age)} ago` : undefined;
}
