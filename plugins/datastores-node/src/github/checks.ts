import { ChecksState } from './types';

/** A check run (GitHub Actions and other apps) or a commit status, as GraphQL reports them. @public */
export type CheckContext =
  | { kind: 'checkRun'; status: string; conclusion?: string | null }
  | { kind: 'status'; state: string };

const FAILED = new Set([
  'FAILURE',
  'ERROR',
  'TIMED_OUT',
  'CANCELLED',
  'ACTION_REQUIRED',
  'STARTUP_FAILURE',
]);

/**
 * Combines check runs and commit statuses: any failure → failure; else anything still running
 * or expected → pending; else success; nothing at all → none.
 * @public
 */
export function combineChecks(contexts: CheckContext[]): ChecksState {
  if (!contexts.length) return 'none';
  let pending = false;
  for (const c of contexts) {
    if (c.kind === 'checkRun') {
      const status = c.status.toUpperCase();
      if (status !== 'COMPLETED') pending = true;
      else if (FAILED.has((c.conclusion ?? '').toUpperCase())) return 'failure';
    } else {
      const state = c.state.toUpperCase();
      if (FAILED.has(state)) return 'failure';
      if (state === 'PENDING' || state === 'EXPECTED') pending = true;
    }
  }
  return pending ? 'pending' : 'success';
}
