import { GithubApiError } from './errors';

export interface GithubClientOptions {
  apiBaseUrl: string;
  graphqlUrl: string;
  /** Authorization and other headers from the credentials provider. */
  headers: Record<string, string>;
  fetch?: typeof fetch;
}

export interface GraphqlError {
  type?: string;
  message: string;
  path?: Array<string | number>;
}

function retryAfterMs(headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0)
      return Math.max(0, reset * 1000 - Date.now());
  }
  return undefined;
}

/** A minimal GitHub client on `fetch` that counts its calls and classifies failures. */
export class GithubClient {
  calls = 0;
  readonly #options: GithubClientOptions;
  readonly #fetch: typeof fetch;

  constructor(options: GithubClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  async #send(url: string, method: string, body?: unknown) {
    this.calls += 1;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          'content-type': 'application/json',
          'user-agent': 'datastores-pull-request-engine',
          ...this.#options.headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new GithubApiError(
        `network error on ${method} ${url}: ${
          (error as Error)?.message ?? error
        }`,
        undefined,
        true,
        undefined,
        error,
      );
    }
    const text = await response.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const wait = retryAfterMs(response.headers);
      const message =
        json?.message ?? (text.slice(0, 200) || response.statusText);
      const detail = (json?.errors ?? [])
        .map((e: any) => e?.message)
        .filter(Boolean)
        .join('; ');
      const limited =
        response.status === 429 ||
        (response.status === 403 &&
          (wait !== undefined || /rate limit/i.test(String(message))));
      throw new GithubApiError(
        `${response.status} ${message}${detail ? `: ${detail}` : ''}`,
        response.status,
        response.status >= 500 || limited,
        wait,
      );
    }
    return json;
  }

  /** Runs a GraphQL document; returns data and per-field errors (partial results are kept). */
  async graphql<T = any>(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ data: T | null; errors: GraphqlError[] }> {
    const json = await this.#send(this.#options.graphqlUrl, 'POST', {
      query,
      variables,
    });
    const errors: GraphqlError[] = json?.errors ?? [];
    if (errors.some(e => e.type === 'RATE_LIMITED')) {
      throw new GithubApiError(
        `GraphQL rate limited: ${errors[0].message}`,
        200,
        true,
      );
    }
    return { data: json?.data ?? null, errors };
  }

  async rest<T = any>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    return this.#send(
      `${this.#options.apiBaseUrl.replace(/\/+$/, '')}${path}`,
      method,
      body,
    );
  }
}
