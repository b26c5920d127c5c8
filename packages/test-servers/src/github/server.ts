import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { GithubAppOptions, GithubApps, InstallationCaller } from './apps';
import { describeOperation, handleGraphql } from './graphql';
import { HttpError, Reply, RequestContext } from './http';
import { createPull, ensureLabel, handleRest, matchRoute } from './rest';
import {
  CheckRunRecord,
  GithubState,
  PullRequestRecord,
  RepoRecord,
  StatusRecord,
} from './state';

/** One call the server answered. */
export interface GithubCall {
  method: string;
  /** Path under the API root, e.g. `/repos/o/r/git/refs` or `/graphql`. */
  path: string;
  /** REST route template, e.g. `POST /repos/{owner}/{repo}/pulls`, or `graphql`. */
  route: string;
  /** For GraphQL: `query` or `mutation`, its name, and its root fields. */
  graphql?: { type: string; name?: string; fields: string[] };
  /** The GraphQL document as sent (to check it against GitHub's published schema). */
  document?: string;
  status: number;
}

/** A fault injected into the next matching calls. */
export interface GithubFault {
  /**
   * Which calls: matched against `"<METHOD> <path>"` (e.g. `POST /repos/o/r/pulls`), the route
   * template, and for GraphQL `"graphql <operation name or first root field>"` / `"mutation"` / `"query"`.
   * A string matches as a substring. Default: every call.
   */
  match?: string | RegExp;
  /** How many matching calls fail (default 1). */
  times?: number;
  /** Status to answer (502, 503, 403, 429, ...). */
  status: number;
  /** `retry-after` header in seconds. */
  retryAfter?: number;
  /**
   * A primary rate limit: `x-ratelimit-remaining: 0` and `x-ratelimit-reset` this many seconds
   * from now (epoch seconds, as GitHub sends it). With status 200 on GraphQL, the answer is
   * GraphQL's: HTTP 200 with an error of type `RATE_LIMITED`.
   */
  rateLimitResetInSeconds?: number;
  /** Message in the body (default according to status). */
  message?: string;
}

/** An error GitHub gives one field of a mutation. */
export interface MutationFault {
  field: 'createRef' | 'createCommitOnBranch' | 'createPullRequest';
  /** `owner/name` */
  repo: string;
  /** GraphQL error type (default `FORBIDDEN`). */
  type?: string;
  /** Default: "Resource not accessible by integration". */
  message?: string;
  /** How many times (default 1). */
  times?: number;
}

export interface GithubServerOptions {
  /** Latency added to every call, in ms. */
  latencyMs?: number;
  /** Accepted tokens; any non-empty token when omitted. */
  tokens?: string[];
  /** Login of the authenticated caller (author of GraphQL commits). */
  login?: string;
  /** Port (default: random). */
  port?: number;
  /** GitHub Apps: their JWTs open `/app/...`, their installation tokens the rest. */
  apps?: GithubAppOptions[];
  /** How long installation tokens live, in seconds (default 3600, as on GitHub). */
  installationTokenTtlSeconds?: number;
}

export interface SeedRepoOptions {
  owner: string;
  name: string;
  defaultBranch?: string;
  files?: Record<string, string>;
  labels?: string[];
}

export interface GithubServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/api/v3`: put it in `integrations.github[].apiBaseUrl`. */
  apiBaseUrl: string;
  /** `http://127.0.0.1:PORT/api/graphql` */
  graphqlUrl: string;
  /** Every call answered since the start or the last `resetCalls`. */
  calls: GithubCall[];
  resetCalls(): void;
  /** Forgets every repository, call and installation token; keeps latency. */
  reset(): void;
  setLatency(ms: number): void;
  fault(fault: GithubFault): void;
  /**
   * Fails one mutation field on one repository, the rest of the document running on, as GitHub
   * answers a field it refuses (e.g. an app without write access to that repository:
   * `FORBIDDEN`, "Resource not accessible by integration").
   */
  failMutation(fault: MutationFault): void;
  clearFaults(): void;
  /** The GitHub Apps: the installation tokens issued, their lifetime, expiring them. */
  apps: GithubApps;
  state: GithubState;
  seedRepo(options: SeedRepoOptions): { headSha: string };
  /** Pushes a commit by someone else on top of `branch` (created from the default branch if missing). */
  pushCommit(options: {
    owner: string;
    repo: string;
    branch: string;
    files: Record<string, string | null>;
    message?: string;
    author?: string;
  }): string;
  /** Files at a branch or commit: path → content. */
  files(owner: string, repo: string, ref: string): Record<string, string>;
  /** Commits reachable from `ref` (first parent), newest first. */
  commits(
    owner: string,
    repo: string,
    ref: string,
  ): Array<{ sha: string; message: string; author: string; parents: string[] }>;
  branchSha(owner: string, repo: string, branch: string): string | undefined;
  pullRequests(owner: string, repo: string): PullRequestRecord[];
  /** Closes, reopens or merges a pull request (`merged` merges it for real, with a merge commit). */
  setPullRequestState(
    owner: string,
    repo: string,
    number: number,
    state: 'open' | 'closed' | 'merged',
  ): void;
  /** Merges a pull request into its base; returns the new base commit. */
  mergePullRequest(
    owner: string,
    repo: string,
    number: number,
    options?: { method?: 'merge' | 'squash'; deleteBranch?: boolean },
  ): string;
  /**
   * Opens a pull request as someone else (a user login, or an app's `<slug>[bot]`): pushes
   * `files` on `branch` and opens it with `body`, as anyone with write access could.
   */
  openPullRequestAs(options: {
    owner: string;
    repo: string;
    author: string;
    branch: string;
    files: Record<string, string>;
    title: string;
    body: string;
    labels?: string[];
  }): PullRequestRecord;
  addCheckRun(
    owner: string,
    repo: string,
    ref: string,
    run: Omit<CheckRunRecord, 'id'>,
  ): void;
  addStatus(
    owner: string,
    repo: string,
    ref: string,
    status: Omit<StatusRecord, 'id'>,
  ): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (!chunks.length) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
}

function send(res: ServerResponse, reply: Reply) {
  const headers: Record<string, string> = {
    'x-github-media-type': 'github.v3; format=json',
    ...reply.headers,
  };
  if (reply.raw) {
    res.writeHead(reply.status, headers).end(reply.raw);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  res
    .writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    })
    .end(JSON.stringify(reply.body));
}

function faultMessage(fault: GithubFault) {
  if (fault.message) return fault.message;
  if (fault.rateLimitResetInSeconds !== undefined) {
    return 'API rate limit exceeded for user ID 1.';
  }
  if (fault.status === 403 || fault.status === 429) {
    return 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
  }
  return fault.status >= 500 ? 'Server Error' : 'Injected fault';
}

/** The state as an installation sees it: other repositories do not exist. */
function restrictedTo(
  state: GithubState,
  canAccess: (owner: string, name: string) => boolean,
): GithubState {
  return new Proxy(state, {
    get(target, property) {
      if (property === 'repo') {
        return (owner: string, name: string) =>
          canAccess(owner, name) ? target.repo(owner, name) : undefined;
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** One page of a list, with GitHub's `Link` header (`per_page` at most 100, 30 by default). */
function page<T>(all: T[], url: URL) {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page')) || 30);
  const number = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const items = all.slice((number - 1) * perPage, number * perPage);
  const headers: Record<string, string> = {};
  if (number * perPage < all.length) {
    const next = new URL(url);
    next.searchParams.set('page', String(number + 1));
    next.searchParams.set('per_page', String(perPage));
    headers.link = `<${next}>; rel="next"`;
  }
  return { items, headers };
}

/** `GET /app/installations` and `POST /app/installations/{id}/access_tokens`, for an app's JWT. */
function appReply(
  apps: GithubApps,
  app: GithubAppOptions,
  method: string,
  path: string,
  url: URL,
): Reply {
  if (method === 'GET' && path === '/app/installations') {
    const { items, headers } = page(apps.installationsJson(app), url);
    return { status: 200, headers, body: items };
  }
  const tokenPath = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
  if (method === 'POST' && tokenPath) {
    return { status: 201, body: apps.createToken(app, Number(tokenPath[1])) };
  }
  if (method === 'GET' && path === '/app') {
    return {
      status: 200,
      body: { id: app.appId, slug: app.slug, client_id: app.clientId },
    };
  }
  throw new HttpError(404, 'Not Found');
}

/** `GET /installation/repositories`: what an installation token may see. */
function installationRepositories(
  state: GithubState,
  installation: InstallationCaller,
  url: URL,
): Reply {
  const all = [...state.repos.values()]
    .filter(r => installation.canAccess(r.owner, r.name))
    .map(r => ({ name: r.name, full_name: `${r.owner}/${r.name}` }));
  const { items, headers } = page(all, url);
  return {
    status: 200,
    headers,
    body: { total_count: all.length, repositories: items },
  };
}

/**
 * Starts a local stand-in for GitHub's REST (`/api/v3`) and GraphQL (`/api/graphql`) APIs,
 * laid out like GitHub Enterprise Server.
 */
export async function startGithubServer(
  options: GithubServerOptions = {},
): Promise<GithubServer> {
  let state = new GithubState();
  let latencyMs = options.latencyMs ?? 0;
  let faults: Array<GithubFault & { left: number }> = [];
  let mutationFaults: Array<MutationFault & { left: number }> = [];
  const mutationFault = (field: string, nameWithOwner: string) => {
    const fault = mutationFaults.find(
      f =>
        f.left > 0 &&
        f.field === field &&
        f.repo.toLowerCase() === nameWithOwner.toLowerCase(),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    return {
      type: fault.type ?? 'FORBIDDEN',
      message: fault.message ?? 'Resource not accessible by integration',
    };
  };
  const calls: GithubCall[] = [];
  const login = options.login ?? 'backstage-bot';
  const apps = new GithubApps(
    options.apps ?? [],
    options.installationTokenTtlSeconds,
  );

  const takeFault = (keys: string[]) => {
    const fault = faults.find(f => {
      if (f.left <= 0) return false;
      if (f.match === undefined) return true;
      return keys.some(k =>
        typeof f.match === 'string'
          ? k.includes(f.match)
          : (f.match as RegExp).test(k),
      );
    });
    if (fault) fault.left -= 1;
    return fault;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const call: GithubCall = {
      method,
      path: url.pathname,
      route: '',
      status: 0,
    };
    let reply: Reply;
    try {
      const body = await readBody(req);
      const isGraphql = url.pathname === '/api/graphql';
      if (isGraphql) {
        call.path = '/graphql';
        call.route = 'graphql';
        call.graphql = describeOperation(
          body?.query ?? '',
          body?.operationName,
        );
        call.document = body?.query;
      } else if (url.pathname.startsWith('/api/v3/')) {
        call.path = url.pathname.slice('/api/v3'.length);
        call.route =
          matchRoute(method, call.path)?.route ?? `${method} ${call.path}`;
      } else {
        call.route = `${method} ${url.pathname}`;
      }
      calls.push(call);
      if (latencyMs) await sleep(latencyMs);

      const auth = req.headers.authorization ?? '';
      const token = /^(token|bearer)\s+(.+)$/i.exec(auth)?.[2];
      if (!token) throw new HttpError(401, 'Bad credentials');
      const appEndpoint = call.path === '/app' || call.path.startsWith('/app/');
      let installation: InstallationCaller | undefined;
      if (appEndpoint) {
        const app = apps.verifyJwt(token);
        reply = appReply(apps, app, method, call.path, url);
        call.route = `${method} ${call.path.replace(/\/\d+\//, '/{id}/')}`;
        call.status = reply.status;
        send(res, reply);
        return;
      } else if (apps.isInstallationToken(token)) {
        installation = apps.caller(token);
      } else if (options.tokens && !options.tokens.includes(token)) {
        throw new HttpError(401, 'Bad credentials');
      }
      const keys = [
        `${method} ${call.path}`,
        call.route,
        ...(call.graphql
          ? [
              call.graphql.type,
              `graphql ${call.graphql.name ?? call.graphql.fields[0] ?? ''}`,
            ]
          : []),
      ];
      const fault = takeFault(keys);
      if (fault) {
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) {
          headers['retry-after'] = String(fault.retryAfter);
        }
        if (fault.rateLimitResetInSeconds !== undefined) {
          headers['x-ratelimit-limit'] = '5000';
          headers['x-ratelimit-remaining'] = '0';
          headers['x-ratelimit-reset'] = String(
            Math.ceil(Date.now() / 1000 + fault.rateLimitResetInSeconds),
          );
        }
        throw new HttpError(
          fault.status,
          faultMessage(fault),
          headers,
          isGraphql && fault.status === 200
            ? {
                graphqlErrors: [
                  { type: 'RATE_LIMITED', message: faultMessage(fault) },
                ],
              }
            : {},
        );
      }
      const ctx: RequestContext = {
        origin: `http://${req.headers.host}`,
        login: installation ? `${installation.app.slug}[bot]` : login,
        accept: req.headers.accept,
        mutationFault,
      };
      // An installation sees its account's repositories (the selected ones, when selected).
      const visible = installation
        ? restrictedTo(state, installation.canAccess)
        : state;
      if (installation && call.path === '/installation/repositories') {
        reply = installationRepositories(state, installation, url);
        call.status = reply.status;
        send(res, reply);
        return;
      }
      if (isGraphql) {
        if (method !== 'POST') throw new HttpError(404, 'Not Found');
        reply = {
          status: 200,
          body: await handleGraphql(visible, body ?? {}, ctx),
        };
      } else if (call.path !== url.pathname) {
        reply = handleRest(visible, method, url, call.path, body, ctx);
      } else {
        throw new HttpError(404, 'Not Found');
      }
    } catch (e) {
      if (e instanceof HttpError && e.extra.graphqlErrors) {
        reply = {
          status: e.status,
          headers: e.headers,
          body: { data: null, errors: e.extra.graphqlErrors },
        };
      } else if (e instanceof HttpError) {
        reply = {
          status: e.status,
          headers: e.headers,
          body: {
            message: e.message,
            documentation_url: 'https://docs.github.com/rest',
            ...e.extra,
          },
        };
      } else {
        reply = {
          status: 500,
          body: { message: String((e as Error)?.stack ?? e) },
        };
      }
    }
    call.status = reply.status;
    send(res, method === 'HEAD' ? { ...reply, body: undefined } : reply);
  });

  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const repoOf = (owner: string, name: string) => {
    const repo = state.repo(owner, name);
    if (!repo) throw new Error(`No repository ${owner}/${name}`);
    return repo;
  };
  const pullOf = (repo: RepoRecord, number: number) => {
    const pr = repo.pulls.find(p => p.number === number);
    if (!pr) throw new Error(`No pull request #${number}`);
    return pr;
  };
  const resolveOf = (owner: string, name: string, ref: string) => {
    const sha = state.resolve(repoOf(owner, name), ref);
    if (!sha) throw new Error(`No ref ${ref} in ${owner}/${name}`);
    return sha;
  };

  const api: Omit<GithubServer, 'state'> = {
    url,
    apiBaseUrl: `${url}/api/v3`,
    graphqlUrl: `${url}/api/graphql`,
    calls,
    resetCalls: () => {
      calls.length = 0;
    },
    reset() {
      state = new GithubState();
      calls.length = 0;
      faults = [];
      mutationFaults = [];
      apps.reset();
    },
    setLatency: ms => {
      latencyMs = ms;
    },
    fault: fault => {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    failMutation: fault => {
      mutationFaults.push({ ...fault, left: fault.times ?? 1 });
    },
    clearFaults: () => {
      faults = [];
      mutationFaults = [];
    },
    apps,
    seedRepo({
      owner,
      name,
      defaultBranch = 'main',
      files = { 'README.md': `# ${name}\n` },
      labels = [],
    }) {
      const repo = state.createRepo(owner, name, defaultBranch);
      const sha = state.commitChanges({
        changes: files,
        message: 'Initial commit',
        author: state.actor('octocat'),
      });
      repo.refs.set(`heads/${defaultBranch}`, sha);
      for (const label of labels) ensureLabel(state, repo, label);
      return { headSha: sha };
    },
    pushCommit({
      owner,
      repo: name,
      branch,
      files,
      message = 'Foreign change',
      author = 'someone-else',
    }) {
      const repo = repoOf(owner, name);
      const parent =
        repo.refs.get(`heads/${branch}`) ??
        repo.refs.get(`heads/${repo.defaultBranch}`)!;
      const sha = state.commitChanges({
        parent,
        changes: files,
        message,
        author: state.actor(author),
      });
      repo.refs.set(`heads/${branch}`, sha);
      return sha;
    },
    files: (owner, name, ref) =>
      state.objects.files(resolveOf(owner, name, ref)),
    commits: (owner, name, ref) =>
      state.objects.history(resolveOf(owner, name, ref)).map(sha => {
        const c = state.objects.commit(sha)!;
        return {
          sha,
          message: c.message,
          author: c.author.name,
          parents: c.parents,
        };
      }),
    branchSha: (owner, name, branch) =>
      repoOf(owner, name).refs.get(`heads/${branch}`),
    pullRequests: (owner, name) => repoOf(owner, name).pulls,
    setPullRequestState(owner, name, number, s) {
      const repo = repoOf(owner, name);
      const pr = pullOf(repo, number);
      if (s === 'merged') {
        state.mergePull(repo, pr);
        return;
      }
      if (pr.merged) throw new Error(`#${number} is merged`);
      pr.state = s;
    },
    mergePullRequest(owner, name, number, mergeOptions) {
      const repo = repoOf(owner, name);
      return state.mergePull(repo, pullOf(repo, number), mergeOptions);
    },
    openPullRequestAs({
      owner,
      repo: name,
      author,
      branch,
      files,
      title,
      body,
      labels = [],
    }) {
      const repo = repoOf(owner, name);
      const parent =
        repo.refs.get(`heads/${branch}`) ??
        repo.refs.get(`heads/${repo.defaultBranch}`)!;
      repo.refs.set(
        `heads/${branch}`,
        state.commitChanges({
          parent,
          changes: files,
          message: title,
          author: state.actor(author),
        }),
      );
      const pr = createPull(
        state,
        repo,
        { title, body, head: branch, base: repo.defaultBranch },
        author,
      );
      for (const label of labels) ensureLabel(state, repo, label);
      pr.labels.push(...labels);
      return pr;
    },
    addCheckRun(owner, name, ref, run) {
      const repo = repoOf(owner, name);
      const sha = resolveOf(owner, name, ref);
      repo.checkRuns.set(sha, [
        ...(repo.checkRuns.get(sha) ?? []),
        { id: state.nextId(), ...run },
      ]);
    },
    addStatus(owner, name, ref, status) {
      const repo = repoOf(owner, name);
      const sha = resolveOf(owner, name, ref);
      repo.statuses.set(sha, [
        ...(repo.statuses.get(sha) ?? []),
        { id: state.nextId(), ...status },
      ]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
  return Object.defineProperty(api, 'state', {
    get: () => state,
    enumerable: true,
  }) as GithubServer;
}
