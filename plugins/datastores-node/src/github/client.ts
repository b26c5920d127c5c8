import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { GithubApiError } from './errors';
import { RetryClock, RetryOptions, retriesWithin, systemClock } from './retry';

/** The logger subset the client warns through (Backstage's `LoggerService` fits). */
export interface GithubClientLogger {
  warn(message: string, meta?: object): void;
}

export interface GithubClientOptions {
  /** The integration's `apiBaseUrl`; GraphQL is found from it as Octokit does (`/api/graphql` on GHES). */
  apiBaseUrl: string;
  /**
   * The token for each request, asked every time: Backstage's credentials provider caches it
   * and renews a GitHub App's installation token when it expires, so a long run keeps working.
   */
  token: () => Promise<string>;
  fetch?: typeof fetch;
  /** One budget for every retry of one operation: 5xx, network errors and rate limits. */
  retry?: RetryOptions;
  clock?: RetryClock;
  logger?: GithubClientLogger;
  /** What the warnings name (`acme/infra`). */
  label?: string;
}

export interface GraphqlError {
  type?: string;
  message: string;
  path?: Array<string | number>;
}

const DatastoresOctokit = Octokit.plugin(retry, throttling);

/**
 * Writes (and GraphQL, which the throttling plugin counts as writes) to one host go one at a
 * time, as GitHub asks of integrations ("avoid concurrent requests"), in every client of the
 * process. GitHub's one-second pause between REST writes is for bursts; a request makes at most
 * two mutations, so it is not added.
 */
const writeLimiter = new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 });

/** Octokit's errors as the engine's: status, message with GitHub's details, and the cause. */
function toGithubApiError(error: any, reason?: string): GithubApiError {
  const status: number | undefined =
    typeof error?.status === 'number' ? error.status : undefined;
  const data = error?.response?.data;
  const message =
    (typeof data?.message === 'string' && data.message) ||
    String(error?.message ?? error);
  const detail = (Array.isArray(data?.errors) ? data.errors : [])
    .map((e: any) => e?.message)
    .filter(Boolean)
    .join('; ');
  return new GithubApiError(
    `${status !== undefined ? `${status} ` : ''}${message}${
      detail ? `: ${detail}` : ''
    }`,
    status,
    // Octokit has retried what can be retried; the engine re-runs only stale reads.
    false,
    undefined,
    // The message says it all; a cause would repeat it ("; caused by HttpError: ...").
    undefined,
    reason,
  );
}

/**
 * GitHub through Octokit: `@octokit/plugin-retry` retries 5xx and network errors with its
 * backoff, `@octokit/plugin-throttling` waits out primary and secondary rate limits
 * (`retry-after`, `x-ratelimit-reset`), both within one time budget. Every HTTP request is
 * counted, retries included, so runs and benchmarks report what they cost.
 */
export class GithubClient {
  calls = 0;
  readonly #octokit: InstanceType<typeof DatastoresOctokit>;
  /** Why the last failure was not retried further, for its message. */
  #gaveUp?: string;
  readonly #budgetMs: number;

  constructor(options: GithubClientOptions) {
    const clock = options.clock ?? systemClock;
    const budgetMs = options.retry?.maxRetryTimeMs ?? 60_000;
    this.#budgetMs = budgetMs;
    const maxAttempts = options.retry?.maxAttempts ?? 8;
    const baseMs = options.retry?.initialDelayMs ?? 500;
    const started = clock.now();
    const retries = retriesWithin(budgetMs, baseMs, maxAttempts);
    const innerFetch = options.fetch ?? globalThis.fetch;
    const countingFetch: typeof fetch = (input, init) => {
      this.calls += 1;
      return innerFetch(input, init);
    };
    const onLimit =
      (kind: string) =>
      (retryAfterSeconds: number, request: any, _o: unknown, count: number) => {
        const waitMs = Math.round(retryAfterSeconds * 1000);
        const elapsed = clock.now() - started;
        const attempts = count + 1;
        if (attempts >= maxAttempts) {
          this.#gaveUp = `gave up after ${attempts} attempts`;
          return false;
        }
        if (elapsed + waitMs > budgetMs) {
          this.#gaveUp = `gave up after ${attempts} attempt(s) in ${elapsed} ms: waiting ${waitMs} ms more would exceed the ${budgetMs} ms retry budget`;
          return false;
        }
        options.logger?.warn(
          `GitHub ${options.label ?? ''}: ${kind} on ${request.method} ${
            request.url
          } (attempt ${attempts}); retrying in ${waitMs} ms`,
        );
        return true;
      };
    this.#octokit = new DatastoresOctokit({
      baseUrl: options.apiBaseUrl.replace(/\/+$/, ''),
      userAgent: 'datastores-pull-request-engine',
      authStrategy: () => ({
        hook: async (request: any, route: any, parameters?: any) => {
          const endpoint = request.endpoint.merge(route, parameters);
          endpoint.headers.authorization = `token ${await options.token()}`;
          return request(endpoint);
        },
      }),
      request: { fetch: countingFetch },
      retry: { retries, retryAfterBaseValue: baseMs },
      throttle: {
        id: 'datastores',
        write: writeLimiter,
        // Seconds; `retry-after` may be fractional (tests).
        retryAfterBaseValue: 1000,
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
      log: {
        debug: () => {},
        info: () => {},
        warn: (message: string) => options.logger?.warn(message),
        error: (message: string) => options.logger?.warn(message),
      },
    });
  }

  #fail(error: unknown): never {
    const retried = (error as any)?.request?.request?.retryCount;
    const reason =
      this.#gaveUp ??
      (typeof retried === 'number' && retried > 0
        ? `gave up after ${retried + 1} attempts, all that the ${
            this.#budgetMs
          } ms retry budget allows`
        : undefined);
    this.#gaveUp = undefined;
    throw toGithubApiError(error, reason);
  }

  /** Runs a GraphQL document; returns data and per-field errors (partial results are kept). */
  async graphql<T = any>(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ data: T | null; errors: GraphqlError[] }> {
    try {
      const data = await this.#octokit.graphql<T>(query, variables);
      return { data, errors: [] };
    } catch (error: any) {
      // HTTP 200 with `errors`: GraphQL's field errors, beside whatever data resolved.
      if (error?.name === 'GraphqlResponseError') {
        const errors: GraphqlError[] = error.errors ?? [];
        const limited = errors.find(e => e.type === 'RATE_LIMITED');
        // The throttling plugin knows this answer only at `/graphql` (github.com), not at GitHub
        // Enterprise's `/api/graphql`: the engine waits for the reset and runs the step again.
        if (limited) {
          const reset = Number(error.headers?.['x-ratelimit-reset']);
          throw new GithubApiError(
            `GraphQL rate limited: ${limited.message}`,
            200,
            true,
            reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined,
          );
        }
        return { data: error.data ?? null, errors };
      }
      return this.#fail(error);
    }
  }
}
