import { GithubApiError } from './errors';

/** @public */
export interface RetryOptions {
  /** Total time budget for retries, in ms (default 60 000). */
  maxRetryTimeMs?: number;
  /** First backoff delay, in ms (default 500); doubles each retry. */
  initialDelayMs?: number;
  /** Largest backoff delay, in ms (default 15 000). */
  maxDelayMs?: number;
  /** Most attempts in all (default 8). */
  maxAttempts?: number;
}

/** The clock the retries wait on (the system's; tests pass a fake one). @public */
export interface RetryClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};

/**
 * How many retries `@octokit/plugin-retry` may make within the budget: its n-th retry waits
 * n² × `baseMs`, so the retries are counted until their waits would pass `budgetMs`.
 */
export function retriesWithin(
  budgetMs: number,
  baseMs: number,
  maxAttempts: number,
): number {
  let retries = 0;
  let waited = 0;
  while (retries + 1 < maxAttempts) {
    const next = (retries + 1) ** 2 * baseMs;
    if (waited + next > budgetMs) break;
    waited += next;
    retries += 1;
  }
  return retries;
}

/** Exponential backoff delay before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, options: RetryOptions = {}) {
  const initial = options.initialDelayMs ?? 500;
  const max = options.maxDelayMs ?? 15_000;
  return Math.min(max, initial * 2 ** (attempt - 1));
}

/** How long to wait before retrying after `error`, or undefined when it must not be retried. */
export function retryDelay(
  error: unknown,
  attempt: number,
  options: RetryOptions = {},
): number | undefined {
  if (!(error instanceof GithubApiError) || !error.retryable) return undefined;
  return error.retryAfterMs ?? backoffDelay(attempt, options);
}

export class RetriesExhausted extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Runs `fn` until it succeeds, retrying retryable GitHub errors with exponential backoff (or
 * the server's `retry-after`) within the time budget. Non-retryable errors pass through;
 * retryable ones that run out of budget come out as {@link RetriesExhausted}.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
  clock: RetryClock = systemClock,
  onRetry?: (error: unknown, delayMs: number, attempt: number) => void,
): Promise<T> {
  const start = clock.now();
  const budget = options.maxRetryTimeMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const delay = retryDelay(error, attempt, options);
      if (delay === undefined) throw error;
      const elapsed = clock.now() - start;
      if (attempt >= maxAttempts) {
        throw new RetriesExhausted(
          error,
          attempt,
          elapsed,
          `gave up after ${attempt} attempts`,
        );
      }
      if (elapsed + delay > budget) {
        throw new RetriesExhausted(
          error,
          attempt,
          elapsed,
          `gave up after ${attempt} attempt(s) in ${elapsed} ms: waiting ${delay} ms more would exceed the ${budget} ms retry budget`,
        );
      }
      onRetry?.(error, delay, attempt);
      await clock.sleep(delay);
    }
  }
}
