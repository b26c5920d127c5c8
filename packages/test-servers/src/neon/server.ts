/**
 * A local stand-in for the parts of Neon's API v2 (`https://console.neon.tech/api/v2`) the
 * datastores status reader calls. What it models, and where from:
 *
 * - Neon's OpenAPI document (the spec behind https://api-docs.neon.tech/reference, read as
 *   vendored in github.com/kislerdm/neon-sdk-go `openAPIDefinition.json`, October 2025):
 *   - security `BearerAuth` (`Authorization: Bearer <API key>`); server
 *     `https://console.neon.tech/api/v2`.
 *   - `GET /projects` (listProjects): query `search` (partial `name` or `id`), `org_id`,
 *     `cursor`, `limit` (1 to 400, default 10); answers `{ projects: ProjectListItem[],
 *     pagination: { cursor } }` (`Pagination.cursor`: required, minLength 1, opaque).
 *   - `GET /projects/{project_id}` (getProject): `{ project: Project }`, whose
 *     `history_retention_seconds` ("the number of seconds to retain the shared history for all
 *     branches in this project") is required there (optional in `ProjectListItem`); `id`, `name`,
 *     `pg_version`, `region_id`, `platform_id`, `org_id`, `created_at`, `updated_at` too.
 *   - `GET /projects/{project_id}/branches` (listProjectBranches, also
 *     https://api-docs.neon.tech/reference/listprojectbranches): `{ branches: Branch[] }` with
 *     `id`, `project_id`, `name`, `default`, `protected`, `current_state` (the `BranchState`
 *     schema: `init`, `resetting`, `ready`, `archived`), `state_changed_at`; paginated by
 *     `limit` (no default in the spec: all branches here unless `branchPageSize` is set) and
 *     `cursor`, answering `pagination: { next }` (`CursorPagination`).
 *   - Errors: the `GeneralError` body `{ code, message }` (`code` a string, `""` by default).
 * - https://neon.com/docs/guides/branching-neon-api: the bearer `$NEON_API_KEY` header.
 * - https://api-docs.neon.tech/reference/api-rate-limiting: HTTP 429 Too Many Requests past
 *   700 requests a minute (bursts of 40 a second per route).
 * - https://neon.com/docs/changelog/2023-04-28: `history_retention_seconds` is the window
 *   point-in-time restore works in.
 *
 * Not from the docs (so not promised by Neon): the error messages and codes, the answer to a
 * bad key (401 here, the same as no key), the order of projects (insertion order here), whether
 * the last page carries a cursor (here every non-empty page does, so a reader must stop on a
 * short page), how `search` treats case (case-insensitive here), and `retry-after` on a 429
 * (sent only when a fault asks for it; the rate-limiting page does not mention the header).
 */
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';

/** A branch of a Neon project (`Branch`, the fields modelled). */
export interface NeonBranch {
  id: string;
  name: string;
  /** Whether it is the project's default branch. */
  default: boolean;
  /** `init`, `resetting`, `ready`, `archived`. */
  current_state: string;
  protected?: boolean;
  state_changed_at?: string;
}

/** A Neon project held by the stand-in (`Project`, the fields modelled), with its branches. */
export interface NeonProject {
  id: string;
  name: string;
  /** Omit it to answer a project without the field (an answer that does not say). */
  history_retention_seconds?: number;
  pg_version?: number;
  region_id?: string;
  org_id?: string;
  created_at?: string;
  /** Default: one default `main` branch, `ready`. */
  branches?: NeonBranch[];
}

/** One call the stand-in received. */
export interface NeonCall {
  method: string;
  /** Path without the query, e.g. `/api/v2/projects`. */
  path: string;
  query: Record<string, string>;
  /** The status answered; 0 while a hung call is held open, or when the connection was reset. */
  status: number;
  /** Set when a fault took the call: held open, or its connection destroyed. */
  fault?: 'hang' | 'reset';
  authorization?: string;
}

/** A fault injected on the calls whose `"<METHOD> <path>"` matches. */
export interface NeonFault {
  /** Substring or pattern of `"<METHOD> <path>"`, e.g. `'GET /api/v2/projects/'`; every call when omitted. */
  match?: string | RegExp;
  /** Extra latency before answering, in ms. */
  latencyMs?: number;
  /** Never answer (until `clearFaults` or `close`). */
  hang?: boolean;
  /** Destroy the connection without answering (`socket.destroy()`): the client sees a reset. */
  reset?: boolean;
  /** Answer this status (e.g. 500, 503, 429) with a `GeneralError` body. */
  status?: number;
  /** With `status: 429`: the `retry-after` header, in seconds. */
  retryAfterSeconds?: number;
  /** Only the next N matching calls; every one when omitted. */
  times?: number;
}

export interface NeonStandInOptions {
  projects?: NeonProject[];
  /** Accepted API keys; any non-empty bearer token when omitted. */
  apiKeys?: string[];
  /** Branches per page when the call gives no `limit` (default: all of them). */
  branchPageSize?: number;
  /** Port (default: random). */
  port?: number;
}

export interface NeonStandIn {
  /** `http://127.0.0.1:PORT/api/v2`: the reader's `baseUrl`. */
  baseUrl: string;
  /** `http://127.0.0.1:PORT`. */
  url: string;
  calls: NeonCall[];
  resetCalls(): void;
  /** Creates or replaces a project (by id). */
  upsert(project: NeonProject): void;
  remove(projectId: string): void;
  fault(fault: NeonFault): void;
  /** Removes the faults and releases the calls held by a `hang`. */
  clearFaults(): void;
  close(): Promise<void>;
}

const CREATED_AT = '2026-01-05T09:00:00Z';

function send(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function generalError(message: string, code = '') {
  return { code, message };
}

const FAULT_MESSAGES: Record<number, string> = {
  401: 'authentication required',
  403: 'forbidden',
  404: 'not found',
  423: 'project already has running operations',
  429: 'rate limit exceeded',
  500: 'internal server error',
  503: 'service unavailable',
};

function branchesOf(project: NeonProject): NeonBranch[] {
  return (
    project.branches ?? [
      {
        id: `br-main-${project.id}`,
        name: 'main',
        default: true,
        current_state: 'ready',
        protected: false,
      },
    ]
  );
}

function listItem(project: NeonProject) {
  const created = project.created_at ?? CREATED_AT;
  return {
    id: project.id,
    platform_id: 'aws',
    region_id: project.region_id ?? 'aws-eu-central-1',
    name: project.name,
    provisioner: 'k8s-neonvm',
    pg_version: project.pg_version ?? 17,
    proxy_host: `${(project.region_id ?? 'aws-eu-central-1').replace(
      /^aws-/,
      '',
    )}.aws.neon.tech`,
    store_passwords: true,
    creation_source: 'terraform',
    created_at: created,
    updated_at: created,
    owner_id: 'stand-in-owner',
    ...(project.org_id ? { org_id: project.org_id } : {}),
    ...(project.history_retention_seconds !== undefined
      ? { history_retention_seconds: project.history_retention_seconds }
      : {}),
  };
}

function intParam(
  value: string | undefined,
  min: number,
  max: number,
): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) return 'invalid';
  return n;
}

/**
 * Starts a local server that answers like Neon's API v2 for the calls the status reader makes
 * (see the header of this file for what is modelled and from which docs), with a bearer API
 * key, cursor pagination, 404 for unknown ids, injected latency, hangs, resets and error
 * statuses (429 with `retry-after`), and a call log.
 */
export async function startNeonStandIn(
  options: NeonStandInOptions = {},
): Promise<NeonStandIn> {
  const projects = new Map<string, NeonProject>();
  const upsert = (project: NeonProject) => {
    projects.set(project.id, structuredClone(project));
  };
  for (const project of options.projects ?? []) upsert(project);
  const calls: NeonCall[] = [];
  let faults: NeonFault[] = [];
  const held = new Set<ServerResponse>();

  function listProjects(query: URLSearchParams) {
    const limit = intParam(query.get('limit') ?? undefined, 1, 400);
    if (limit === 'invalid') {
      return {
        status: 400,
        body: generalError('limit must be an integer from 1 to 400'),
      };
    }
    const search = (query.get('search') ?? '').toLocaleLowerCase('en-US');
    const orgId = query.get('org_id');
    const matching = [...projects.values()].filter(
      p =>
        (!search ||
          p.name.toLocaleLowerCase('en-US').includes(search) ||
          p.id.includes(search)) &&
        (!orgId || p.org_id === orgId),
    );
    const cursor = query.get('cursor');
    let start = 0;
    if (cursor) {
      const at = matching.findIndex(p => p.id === cursor);
      if (at < 0) {
        return { status: 400, body: generalError('invalid cursor') };
      }
      start = at + 1;
    }
    const page = matching.slice(start, start + (limit ?? 10));
    return {
      status: 200,
      body: {
        projects: page.map(listItem),
        ...(page.length
          ? { pagination: { cursor: page[page.length - 1].id } }
          : {}),
        applications: {},
        integrations: {},
      },
    };
  }

  function getProject(id: string) {
    const project = projects.get(id);
    if (!project) {
      return { status: 404, body: generalError('project not found') };
    }
    const { branches: _branches, ...rest } = project;
    return {
      status: 200,
      body: { project: listItem(rest) },
    };
  }

  function listBranches(id: string, query: URLSearchParams) {
    const project = projects.get(id);
    if (!project) {
      return { status: 404, body: generalError('project not found') };
    }
    const limit = intParam(query.get('limit') ?? undefined, 1, 10000);
    if (limit === 'invalid') {
      return {
        status: 400,
        body: generalError('limit must be an integer from 1 to 10000'),
      };
    }
    const all = branchesOf(project);
    const cursor = query.get('cursor');
    const start = cursor ? Number(cursor) : 0;
    if (!Number.isInteger(start) || start < 0) {
      return { status: 400, body: generalError('invalid cursor') };
    }
    const size = limit ?? options.branchPageSize ?? all.length;
    const page = all.slice(start, start + size);
    const more = start + size < all.length;
    return {
      status: 200,
      body: {
        branches: page.map(b => ({
          id: b.id,
          project_id: project.id,
          name: b.name,
          current_state: b.current_state,
          state_changed_at: b.state_changed_at ?? CREATED_AT,
          creation_source: 'console',
          default: b.default,
          protected: b.protected ?? false,
          created_at: CREATED_AT,
          updated_at: CREATED_AT,
        })),
        annotations: {},
        ...(more ? { pagination: { next: String(start + size) } } : {}),
      },
    };
  }

  function route(method: string, url: URL) {
    if (method !== 'GET') {
      return { status: 405, body: generalError('method not allowed') };
    }
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/api/v2/projects') return listProjects(url.searchParams);
    let m = /^\/api\/v2\/projects\/([^/]+)$/.exec(path);
    if (m) return getProject(decodeURIComponent(m[1]));
    m = /^\/api\/v2\/projects\/([^/]+)\/branches$/.exec(path);
    if (m) return listBranches(decodeURIComponent(m[1]), url.searchParams);
    return { status: 404, body: generalError(`no route for ${path}`) };
  }

  const server: Server = createServer(
    (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const call: NeonCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        status: 0,
        authorization: req.headers.authorization,
      };
      calls.push(call);
      const line = `${call.method} ${call.path}`;
      const matching = faults.filter(f => {
        if (f.times !== undefined && f.times <= 0) return false;
        if (f.match === undefined) return true;
        return typeof f.match === 'string'
          ? line.includes(f.match)
          : f.match.test(line);
      });
      for (const f of matching) if (f.times !== undefined) f.times--;
      if (matching.some(f => f.hang)) {
        call.fault = 'hang';
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      const latency = Math.max(0, ...matching.map(f => f.latencyMs ?? 0));
      const respond = () => {
        if (matching.some(f => f.reset)) {
          call.fault = 'reset';
          req.socket.destroy();
          return;
        }
        const answer = (
          code: number,
          body: unknown,
          headers?: Record<string, string>,
        ) => {
          call.status = code;
          send(res, code, body, headers);
        };
        const token = /^Bearer\s+(\S+)$/i.exec(
          req.headers.authorization ?? '',
        )?.[1];
        if (!token || (options.apiKeys && !options.apiKeys.includes(token))) {
          answer(401, generalError(FAULT_MESSAGES[401]));
          return;
        }
        const failing = matching.find(f => f.status);
        if (failing?.status) {
          answer(
            failing.status,
            generalError(FAULT_MESSAGES[failing.status] ?? 'injected fault'),
            failing.retryAfterSeconds !== undefined
              ? { 'retry-after': String(failing.retryAfterSeconds) }
              : {},
          );
          return;
        }
        const { status, body } = route(call.method, url);
        answer(status, body);
      };
      if (latency > 0) setTimeout(respond, latency);
      else respond();
    },
  );

  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  const release = () => {
    for (const res of held) res.destroy();
    held.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
    upsert,
    remove: id => {
      projects.delete(id);
    },
    fault: fault => {
      faults.push({ ...fault });
    },
    clearFaults: () => {
      faults = [];
      release();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        release();
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
