import { Config } from '@backstage/config';
import { NeonProjectDescription } from '@datastores/plugin-datastores-node';

/** Reads Neon projects: history retention and the default branch's state. */
export interface NeonReader {
  describe(projectName: string): Promise<NeonProjectDescription | undefined>;
  /**
   * The projects named `names`: one paginated project list for the account, then each such
   * project's details and branches (Neon has no account-wide branch list). A name two projects
   * share yields both: the status cannot tell which is the datastore.
   */
  listAll(names: string[]): Promise<{
    projects: NeonProjectDescription[];
    /** Projects the list holds whose details could not be read: each unknown, not the rest. */
    failures: Array<{ id: string; name: string; reason: string }>;
    calls: number;
  }>;
}

const DEFAULT_BASE_URL = 'https://console.neon.tech/api/v2';
/** Projects asked for a page (Neon allows 1 to 400; 10 by default). */
const PROJECT_PAGE_LIMIT = 100;
/** Projects asked for a page of the collector's account list (Neon's maximum). */
const LIST_PAGE_LIMIT = 400;
/** Pages of search results (or of branches) read before giving up. */
const MAX_PAGES = 5;

/** Neon answered with an HTTP error; its message is already the one to show. */
class NeonAnswerError extends Error {}

/**
 * `datastores.live.neon`: `apiKey`, `baseUrl` (Neon's API v2 by default, a local stand-in in
 * tests), `orgId` (for organization API keys) and `timeoutMs`, the deadline of one read (the
 * collector's list, or one project's search, project and branches together; 10 s by default).
 */
export function neonReaderFromConfig(
  config: Config | undefined,
): NeonReader | undefined {
  if (!config) return undefined;
  const apiKey = config.getString('apiKey');
  const baseUrl = (
    config.getOptionalString('baseUrl') ?? DEFAULT_BASE_URL
  ).replace(/\/+$/, '');
  const orgId = config.getOptionalString('orgId');
  const timeoutMs = config.getOptionalNumber('timeoutMs') ?? 10_000;

  let calls = 0;
  async function call(
    path: string,
    query: Record<string, string | undefined>,
    signal: AbortSignal,
  ): Promise<{ status: 'ok'; body: any } | { status: 'not-found' }> {
    calls += 1;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, value);
    }
    const qs = params.toString();
    const res = await fetch(`${baseUrl}${path}${qs ? `?${qs}` : ''}`, {
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${apiKey}`,
      },
      signal,
    });
    const text = await res.text();
    if (res.status === 404) return { status: 'not-found' };
    if (!res.ok) throw new NeonAnswerError(httpFailure(res, text));
    try {
      return { status: 'ok', body: JSON.parse(text) };
    } catch {
      throw new NeonAnswerError(
        `Neon answered ${res.status} with a body that is not JSON`,
      );
    }
  }

  /** The project named exactly `name`, among the search results (which match partially). */
  async function find(name: string, signal: AbortSignal) {
    const found: Array<{ id: string; name: string }> = [];
    let cursor: string | undefined;
    for (let page = 1; ; page++) {
      const answer = await call(
        '/projects',
        {
          search: name,
          limit: String(PROJECT_PAGE_LIMIT),
          org_id: orgId,
          cursor,
        },
        signal,
      );
      if (answer.status === 'not-found') {
        throw new NeonAnswerError('Neon answered 404 to the project search');
      }
      if (!Array.isArray(answer.body?.projects)) {
        throw new NeonAnswerError(
          'Neon answered the project search without a list of projects',
        );
      }
      const projects: any[] = answer.body.projects;
      for (const p of projects) {
        if (p?.name === name && typeof p.id === 'string') {
          found.push({ id: p.id, name: p.name });
        }
      }
      const next = answer.body?.pagination?.cursor;
      const last =
        projects.length < PROJECT_PAGE_LIMIT ||
        typeof next !== 'string' ||
        !next ||
        next === cursor;
      if (last) break;
      if (page === MAX_PAGES) {
        throw new NeonAnswerError(
          `Neon has more than ${
            MAX_PAGES * PROJECT_PAGE_LIMIT
          } projects matching "${name}"; the reader stops after ${MAX_PAGES} pages`,
        );
      }
      cursor = next;
    }
    if (found.length > 1) {
      throw new NeonAnswerError(
        `Neon has ${found.length} projects named "${name}" (${found
          .map(p => p.id)
          .join(', ')}); cannot tell which one is the datastore`,
      );
    }
    return found[0];
  }

  /** The default branch's `current_state` and `protected`; null when the project is gone. */
  async function defaultBranch(
    projectId: string,
    signal: AbortSignal,
  ): Promise<{ state?: string; protected?: boolean } | undefined | null> {
    let cursor: string | undefined;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await call(
        `/projects/${encodeURIComponent(projectId)}/branches`,
        { cursor },
        signal,
      );
      if (answer.status === 'not-found') return null;
      const branches: any[] = Array.isArray(answer.body?.branches)
        ? answer.body.branches
        : [];
      const main =
        branches.find(b => b?.default === true) ??
        branches.find(b => b?.primary === true);
      if (main) {
        return {
          ...(typeof main.current_state === 'string' && main.current_state
            ? { state: main.current_state }
            : {}),
          ...(typeof main.protected === 'boolean'
            ? { protected: main.protected }
            : {}),
        };
      }
      const next = answer.body?.pagination?.next;
      if (typeof next !== 'string' || !next || next === cursor) break;
      cursor = next;
    }
    return undefined;
  }

  /** A project's retention (from the list when it says, else the project) and default branch. */
  async function describeFound(
    match: { id: string; name: string; historyRetentionSeconds?: number },
    signal: AbortSignal,
  ): Promise<NeonProjectDescription | undefined> {
    const id = encodeURIComponent(match.id);
    const [project, branch] = await Promise.all([
      match.historyRetentionSeconds !== undefined
        ? {
            status: 'ok' as const,
            body: {
              project: {
                history_retention_seconds: match.historyRetentionSeconds,
              },
            },
          }
        : call(`/projects/${id}`, {}, signal),
      defaultBranch(match.id, signal),
    ]);
    // Deleted between the search and the reads.
    if (project.status === 'not-found' || branch === null) return undefined;
    const retention = project.body?.project?.history_retention_seconds;
    return {
      id: match.id,
      name: match.name,
      ...(typeof retention === 'number' && Number.isFinite(retention)
        ? { historyRetentionSeconds: retention }
        : {}),
      ...(branch?.state ? { defaultBranchState: branch.state } : {}),
      ...(branch?.protected !== undefined
        ? { defaultBranchProtected: branch.protected }
        : {}),
    };
  }

  /** Runs `read` within `ms`, saying what failed in Neon's words. */
  async function within<T>(
    ms: number,
    read: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(ms);
    const done = new AbortController();
    const signal = AbortSignal.any([timeout, done.signal]);
    try {
      return await read(signal);
    } catch (error) {
      // Only our own deadline is a timeout.
      if (timeout.aborted) {
        throw new Error(`Neon did not answer within ${ms} ms`);
      }
      if (error instanceof NeonAnswerError) throw new Error(error.message);
      throw new Error(describeFailure(error as Error));
    } finally {
      done.abort();
    }
  }

  /** Every project of the account whose name is wanted, from the paginated list. */
  async function listWanted(wanted: Set<string>, signal: AbortSignal) {
    const found: Array<{
      id: string;
      name: string;
      historyRetentionSeconds?: number;
    }> = [];
    let cursor: string | undefined;
    for (;;) {
      const answer = await call(
        '/projects',
        { limit: String(LIST_PAGE_LIMIT), org_id: orgId, cursor },
        signal,
      );
      if (
        answer.status === 'not-found' ||
        !Array.isArray(answer.body?.projects)
      ) {
        throw new NeonAnswerError(
          'Neon answered the project list without a list of projects',
        );
      }
      const projects: any[] = answer.body.projects;
      for (const p of projects) {
        if (typeof p?.id !== 'string' || !wanted.has(p?.name)) continue;
        const retention = p.history_retention_seconds;
        found.push({
          id: p.id,
          name: p.name,
          ...(typeof retention === 'number'
            ? { historyRetentionSeconds: retention }
            : {}),
        });
      }
      const next = answer.body?.pagination?.cursor;
      if (
        projects.length < LIST_PAGE_LIMIT ||
        typeof next !== 'string' ||
        !next ||
        next === cursor
      ) {
        return found;
      }
      cursor = next;
    }
  }

  return {
    async describe(projectName) {
      return within(timeoutMs, async signal => {
        const match = await find(projectName, signal);
        return match ? describeFound(match, signal) : undefined;
      });
    },
    async listAll(names) {
      const before = calls;
      // The account's list and every project's reads share one deadline per cycle.
      const { projects, failures } = await within(timeoutMs, async signal => {
        const found = await listWanted(new Set(names), signal);
        const described = await Promise.allSettled(
          found.map(match => describeFound(match, signal)),
        );
        const read = { projects: [], failures: [] } as Omit<
          Awaited<ReturnType<NeonReader['listAll']>>,
          'calls'
        >;
        described.forEach((result, i) => {
          if (result.status === 'fulfilled') {
            if (result.value) read.projects.push(result.value);
            return;
          }
          // Past the deadline every read fails alike: that is the whole list's failure.
          if (signal.aborted) throw result.reason;
          const { id, name } = found[i];
          read.failures.push({
            id,
            name,
            reason: `Neon project ${name} (${id}) could not be read: ${
              (result.reason as Error).message
            }`,
          });
        });
        return read;
      });
      return { projects, failures, calls: calls - before };
    },
  };
}

/** What an HTTP error from Neon says, in words: refused key, rate limit, or the status. */
function httpFailure(res: Response, text: string): string {
  if (res.status === 401 || res.status === 403) {
    return `Neon refused the API key (${res.status})`;
  }
  if (res.status === 429) {
    const after = retryAfterSeconds(res.headers.get('retry-after'));
    return `Neon rate-limited the reader (429${
      after !== undefined ? `, retry after ${after}s` : ''
    })`;
  }
  let message: string | undefined;
  try {
    const body = JSON.parse(text);
    if (typeof body?.message === 'string' && body.message) {
      message = body.message;
    }
  } catch {
    // not JSON: the status says it
  }
  return `Neon answered ${res.status}${message ? `: ${message}` : ''}`;
}

/** `Retry-After` in seconds: delta-seconds or an HTTP date. */
function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at)
    ? undefined
    : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** What went wrong, in the words of the layer that failed (ECONNRESET, ECONNREFUSED, ...). */
function describeFailure(
  error: Error & { code?: string; cause?: unknown },
): string {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const code = error.code ?? cause?.code;
  const message = cause?.message || error.message || error.name;
  if (code === 'ECONNRESET')
    return `the connection to Neon was reset (${code})`;
  // undici's name for a socket the server closed before answering.
  if (code === 'UND_ERR_SOCKET') {
    return `the connection to Neon was reset: Neon closed it without answering (${code}: ${message})`;
  }
  if (code === 'ECONNREFUSED') return `Neon refused the connection (${code})`;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
