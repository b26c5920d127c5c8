import { createHash } from 'node:crypto';
import { FlatTree } from './objects';
import { HttpError, paginate, Reply, RequestContext } from './http';
import {
  commitJson,
  gitCommitJson,
  pullJson,
  repoJson,
} from './representations';
import { GithubState, PullRequestRecord, RepoRecord } from './state';

interface RouteInput {
  params: Record<string, string>;
  query: URLSearchParams;
  url: URL;
  body: any;
  state: GithubState;
  ctx: RequestContext;
  repo: RepoRecord;
}

type Handler = (input: RouteInput) => Reply;

const routes: Array<{
  method: string;
  pattern: RegExp;
  route: string;
  handler: Handler;
}> = [];

function route(method: string, path: string, handler: Handler) {
  const pattern = new RegExp(
    `^${path
      .replace(/\{(\w+)\*\}/g, '(?<$1>.+)')
      .replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`,
  );
  routes.push({ method, pattern, route: `${method} ${path}`, handler });
}

/** Finds the route for a REST call; `route` is its template, e.g. `POST /repos/{owner}/{repo}/pulls`. */
export function matchRoute(method: string, path: string) {
  for (const r of routes) {
    if (r.method !== method && !(method === 'HEAD' && r.method === 'GET'))
      continue;
    const m = r.pattern.exec(path);
    if (m) {
      const params = Object.fromEntries(
        Object.entries(m.groups ?? {}).map(([k, v]) => [
          k,
          decodeURIComponent(v),
        ]),
      );
      return { route: r.route, params, handler: r.handler };
    }
  }
  return undefined;
}

export function handleRest(
  state: GithubState,
  method: string,
  url: URL,
  restPath: string,
  body: any,
  ctx: RequestContext,
): Reply {
  if (method === 'GET' && restPath === '/user') {
    return { status: 200, body: { login: ctx.login, id: 1, type: 'User' } };
  }
  const match = matchRoute(method, restPath);
  if (!match) throw new HttpError(404, 'Not Found');
  const repo = state.repo(match.params.owner, match.params.repo);
  if (!repo) throw new HttpError(404, 'Not Found');
  return match.handler({
    params: match.params,
    query: url.searchParams,
    url,
    body: body ?? {},
    state,
    ctx,
    repo,
  });
}

const R = '/repos/{owner}/{repo}';

function requireCommit(state: GithubState, repo: RepoRecord, ref: string) {
  const sha = state.resolve(repo, ref);
  if (!sha) throw new HttpError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

function refJson(
  repo: RepoRecord,
  name: string,
  sha: string,
  ctx: RequestContext,
) {
  return {
    ref: `refs/${name}`,
    node_id: `REF_${repo.owner}/${repo.name}:${name}`,
    url: `${ctx.origin}/api/v3/repos/${repo.owner}/${repo.name}/git/refs/${name}`,
    object: { sha, type: 'commit' },
  };
}

function findPull(repo: RepoRecord, number: string) {
  const pr = repo.pulls.find(p => p.number === Number(number));
  if (!pr) throw new HttpError(404, 'Not Found');
  return pr;
}

// Repositories and commits

route('GET', R, ({ repo, ctx }) => ({
  status: 200,
  body: repoJson(repo, ctx.origin),
}));

route('GET', `${R}/commits`, ({ repo, state, query, url, ctx }) => {
  const sha = requireCommit(
    state,
    repo,
    query.get('sha') ?? repo.defaultBranch,
  );
  const all = state.objects.history(sha, query.get('path') ?? undefined);
  const { page, headers } = paginate(all, query, url);
  return {
    status: 200,
    body: page.map(c => commitJson(state, repo, c, ctx.origin)),
    headers,
  };
});

route('GET', `${R}/commits/{ref}`, ({ repo, state, params, ctx }) => {
  const sha = requireCommit(state, repo, params.ref);
  return { status: 200, body: commitJson(state, repo, sha, ctx.origin) };
});

// Refs

route('GET', `${R}/git/ref/{ref*}`, ({ repo, params, ctx }) => {
  const sha = repo.refs.get(params.ref);
  if (!sha) throw new HttpError(404, 'Not Found');
  return { status: 200, body: refJson(repo, params.ref, sha, ctx) };
});

route('GET', `${R}/git/matching-refs/{ref*}`, ({ repo, params, ctx }) => ({
  status: 200,
  body: [...repo.refs.entries()]
    .filter(([name]) => name.startsWith(params.ref))
    .map(([name, sha]) => refJson(repo, name, sha, ctx)),
}));

route('POST', `${R}/git/refs`, ({ repo, state, body, ctx }) => {
  const ref = String(body.ref ?? '');
  if (!/^refs\/(heads|tags)\/.+/.test(ref) || !body.sha) {
    throw new HttpError(
      422,
      'Reference name must start with refs/heads/ or refs/tags/ and a sha is required',
    );
  }
  const name = ref.replace(/^refs\//, '');
  if (repo.refs.has(name)) throw new HttpError(422, 'Reference already exists');
  if (!state.objects.commit(body.sha))
    throw new HttpError(422, 'Object does not exist');
  repo.refs.set(name, body.sha);
  return { status: 201, body: refJson(repo, name, body.sha, ctx) };
});

route('PATCH', `${R}/git/refs/{ref*}`, ({ repo, state, params, body, ctx }) => {
  const current = repo.refs.get(params.ref);
  if (!current) throw new HttpError(422, 'Reference does not exist');
  if (!state.objects.commit(body.sha))
    throw new HttpError(422, 'Object does not exist');
  if (!body.force && !state.objects.isAncestor(current, body.sha)) {
    throw new HttpError(422, 'Update is not a fast forward');
  }
  repo.refs.set(params.ref, body.sha);
  return { status: 200, body: refJson(repo, params.ref, body.sha, ctx) };
});

route('DELETE', `${R}/git/refs/{ref*}`, ({ repo, params }) => {
  if (!repo.refs.delete(params.ref))
    throw new HttpError(422, 'Reference does not exist');
  return { status: 204 };
});

// Git objects

route('POST', `${R}/git/blobs`, ({ state, body, ctx, repo }) => {
  if (typeof body.content !== 'string')
    throw new HttpError(422, 'content is required');
  const buffer = Buffer.from(
    body.content,
    body.encoding === 'base64' ? 'base64' : 'utf8',
  );
  const sha = state.objects.putBlob(buffer);
  return {
    status: 201,
    body: {
      sha,
      url: `${ctx.origin}/api/v3/repos/${repo.owner}/${repo.name}/git/blobs/${sha}`,
    },
  };
});

route('GET', `${R}/git/blobs/{sha}`, ({ state, params }) => {
  const blob = state.objects.blob(params.sha);
  if (!blob) throw new HttpError(404, 'Not Found');
  return {
    status: 200,
    body: {
      sha: blob.sha,
      size: blob.content.length,
      encoding: 'base64',
      content: blob.content.toString('base64'),
    },
  };
});

/**
 * A tree as GitHub answers it. The stand-in keeps each tree flat (every file by its full
 * path); GitHub lists only the top level unless `recursive` is asked, directories as `tree`
 * entries. A directory's own sha here names no stored tree (a GET of it is a 404): nothing the
 * product uses reads subtrees by sha.
 */
function treeJson(
  sha: string,
  entries: FlatTree,
  options: { recursive?: boolean; api?: string } = {},
) {
  const blobs = Object.entries(entries).filter(
    ([path]) => options.recursive || !path.includes('/'),
  );
  const directories = new Set<string>();
  for (const path of Object.keys(entries)) {
    const parts = path.split('/').slice(0, -1);
    for (let i = 1; i <= (options.recursive ? parts.length : 1); i++) {
      if (parts.length >= i) directories.add(parts.slice(0, i).join('/'));
    }
  }
  const dirSha = (dir: string) =>
    createHash('sha1').update(`${sha}:${dir}`).digest('hex');
  return {
    sha,
    truncated: false,
    tree: [
      ...[...directories].map(path => ({
        path,
        mode: '040000',
        type: 'tree',
        sha: dirSha(path),
        ...(options.api && { url: `${options.api}/git/trees/${dirSha(path)}` }),
      })),
      ...blobs.map(([path, e]) => ({
        path,
        mode: e.mode,
        type: 'blob',
        sha: e.sha,
        ...(options.api && { url: `${options.api}/git/blobs/${e.sha}` }),
      })),
      // Git's order: by bytes (paths are unique).
    ].sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}

route('POST', `${R}/git/trees`, ({ state, body }) => {
  let entries: FlatTree = {};
  if (body.base_tree) {
    const base = state.objects.tree(body.base_tree);
    if (!base) throw new HttpError(422, 'Invalid tree info');
    entries = { ...base.entries };
  }
  for (const item of body.tree ?? []) {
    if (!item.path) throw new HttpError(422, 'tree.path is required');
    if (item.sha === null) {
      delete entries[item.path];
    } else if (typeof item.content === 'string') {
      entries[item.path] = {
        sha: state.objects.putBlob(item.content),
        mode: item.mode ?? '100644',
      };
    } else if (item.sha && state.objects.blob(item.sha)) {
      entries[item.path] = { sha: item.sha, mode: item.mode ?? '100644' };
    } else {
      throw new HttpError(422, `tree.sha ${item.sha} is not a valid blob`);
    }
  }
  const sha = state.objects.putTree(entries);
  return { status: 201, body: treeJson(sha, entries) };
});

route('GET', `${R}/git/trees/{sha}`, ({ state, repo, params, query, ctx }) => {
  const commitSha = state.resolve(repo, params.sha);
  const tree = state.objects.tree(
    commitSha ? state.objects.commit(commitSha)!.tree : params.sha,
  );
  if (!tree) throw new HttpError(404, 'Not Found');
  // GitHub reads any value of `recursive` as yes (`recursive=false` too); absent is no.
  return {
    status: 200,
    body: treeJson(tree.sha, tree.entries, {
      recursive: query.has('recursive'),
      api: `${ctx.origin}/api/v3/repos/${repo.owner}/${repo.name}`,
    }),
  };
});

route('POST', `${R}/git/commits`, ({ state, repo, body, ctx }) => {
  if (!state.objects.tree(body.tree))
    throw new HttpError(422, 'Tree SHA does not exist');
  for (const p of body.parents ?? []) {
    if (!state.objects.commit(p))
      throw new HttpError(422, 'Parent SHA does not exist');
  }
  const me = state.actor(ctx.login);
  const sha = state.objects.putCommit({
    tree: body.tree,
    parents: body.parents ?? [],
    message: String(body.message ?? ''),
    author: body.author ? { ...me, ...body.author } : me,
    committer: body.committer ? { ...me, ...body.committer } : me,
  });
  return { status: 201, body: gitCommitJson(state, repo, sha, ctx.origin) };
});

route('GET', `${R}/git/commits/{sha}`, ({ state, repo, params, ctx }) => {
  if (!state.objects.commit(params.sha)) throw new HttpError(404, 'Not Found');
  return {
    status: 200,
    body: gitCommitJson(state, repo, params.sha, ctx.origin),
  };
});

// Contents

// `Accept: application/vnd.github.raw` (or `.v3.raw`, as Backstage's URL reader asks) answers
// a file's bytes rather than its JSON description, as GitHub does.
const RAW_MEDIA_TYPE = /application\/vnd\.github(\.v3)?\.raw/;

route('GET', `${R}/contents/{path*}`, ({ state, repo, params, query, ctx }) => {
  const sha = requireCommit(
    state,
    repo,
    query.get('ref') ?? repo.defaultBranch,
  );
  const tree = state.objects.tree(state.objects.commit(sha)!.tree)!;
  const entry = tree.entries[params.path];
  if (entry) {
    const blob = state.objects.blob(entry.sha)!;
    if (RAW_MEDIA_TYPE.test(ctx.accept ?? '')) {
      return {
        status: 200,
        raw: blob.content,
        headers: {
          'content-type': 'application/vnd.github.raw; charset=utf-8',
          'x-github-media-type': 'github.v3; param=raw',
          etag: `"${entry.sha}"`,
        },
      };
    }
    return {
      status: 200,
      body: {
        type: 'file',
        encoding: 'base64',
        size: blob.content.length,
        name: params.path.split('/').pop(),
        path: params.path,
        sha: entry.sha,
        content: blob.content.toString('base64'),
      },
    };
  }
  const prefix = `${params.path.replace(/\/$/, '')}/`;
  const children = new Map<string, { type: string; sha?: string }>();
  for (const [path, e] of Object.entries(tree.entries)) {
    if (!path.startsWith(prefix)) continue;
    const [name, ...rest] = path.slice(prefix.length).split('/');
    children.set(
      name,
      rest.length ? { type: 'dir' } : { type: 'file', sha: e.sha },
    );
  }
  if (!children.size) throw new HttpError(404, 'Not Found');
  return {
    status: 200,
    body: [...children.entries()].map(([name, c]) => ({
      name,
      path: `${prefix}${name}`,
      ...c,
    })),
  };
});

// Pull requests

export function createPull(
  state: GithubState,
  repo: RepoRecord,
  input: {
    title: string;
    body?: string;
    head: string;
    base: string;
    draft?: boolean;
  },
  author: string,
): PullRequestRecord {
  const head = input.head.includes(':') ? input.head.split(':')[1] : input.head;
  const headSha = repo.refs.get(`heads/${head}`);
  const baseSha = repo.refs.get(`heads/${input.base}`);
  if (!input.title)
    throw new HttpError(422, 'Validation Failed: title is missing');
  if (!headSha || !baseSha) {
    throw new HttpError(
      422,
      'Validation Failed',
      {},
      {
        errors: [
          {
            resource: 'PullRequest',
            field: headSha ? 'base' : 'head',
            code: 'invalid',
          },
        ],
      },
    );
  }
  if (
    repo.pulls.some(
      p => p.state === 'open' && p.head === head && p.base === input.base,
    )
  ) {
    throw new HttpError(
      422,
      'Validation Failed',
      {},
      {
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${repo.owner}:${head}.`,
          },
        ],
      },
    );
  }
  if (state.objects.isAncestor(headSha, baseSha)) {
    throw new HttpError(
      422,
      'Validation Failed',
      {},
      {
        errors: [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `No commits between ${input.base} and ${head}`,
          },
        ],
      },
    );
  }
  const pr: PullRequestRecord = {
    number: state.nextId(),
    title: input.title,
    body: input.body ?? '',
    head,
    base: input.base,
    draft: !!input.draft,
    state: 'open',
    merged: false,
    author,
    labels: [],
    reviewers: [],
    teamReviewers: [],
    createdAt: state.now(),
  };
  repo.pulls.push(pr);
  return pr;
}

route('GET', `${R}/pulls`, ({ state, repo, query, url, ctx }) => {
  const wanted = query.get('state') ?? 'open';
  const head = query.get('head');
  const base = query.get('base');
  const items = repo.pulls
    .filter(p => wanted === 'all' || p.state === wanted)
    .filter(
      p =>
        !head || `${repo.owner}:${p.head}`.toLowerCase() === head.toLowerCase(),
    )
    .filter(p => !base || p.base === base)
    .sort((a, b) => b.number - a.number);
  const { page, headers } = paginate(items, query, url);
  return {
    status: 200,
    body: page.map(p => pullJson(state, repo, p, ctx.origin)),
    headers,
  };
});

route('POST', `${R}/pulls`, ({ state, repo, body, ctx }) => {
  const pr = createPull(state, repo, body, ctx.login);
  return { status: 201, body: pullJson(state, repo, pr, ctx.origin) };
});

route('GET', `${R}/pulls/{number}`, ({ state, repo, params, ctx }) => ({
  status: 200,
  body: pullJson(state, repo, findPull(repo, params.number), ctx.origin),
}));

route('PATCH', `${R}/pulls/{number}`, ({ state, repo, params, body, ctx }) => {
  const pr = findPull(repo, params.number);
  if (typeof body.title === 'string') pr.title = body.title;
  if (typeof body.body === 'string') pr.body = body.body;
  if (body.state === 'open' || body.state === 'closed') pr.state = body.state;
  if (typeof body.base === 'string') pr.base = body.base;
  return { status: 200, body: pullJson(state, repo, pr, ctx.origin) };
});

route(
  'POST',
  `${R}/pulls/{number}/requested_reviewers`,
  ({ state, repo, params, body, ctx }) => {
    const pr = findPull(repo, params.number);
    for (const r of body.reviewers ?? [])
      if (!pr.reviewers.includes(r)) pr.reviewers.push(r);
    for (const t of body.team_reviewers ?? []) {
      if (!pr.teamReviewers.includes(t)) pr.teamReviewers.push(t);
    }
    return { status: 201, body: pullJson(state, repo, pr, ctx.origin) };
  },
);

route('GET', `${R}/pulls/{number}/requested_reviewers`, ({ repo, params }) => {
  const pr = findPull(repo, params.number);
  return {
    status: 200,
    body: {
      users: pr.reviewers.map(login => ({ login })),
      teams: pr.teamReviewers.map(slug => ({ slug })),
    },
  };
});

// Labels and issues

export function ensureLabel(
  state: GithubState,
  repo: RepoRecord,
  name: string,
  color = 'ededed',
) {
  const key = name.toLowerCase();
  let label = repo.labels.get(key);
  if (!label) {
    label = { id: state.nextId(), name, color };
    repo.labels.set(key, label);
  }
  return label;
}

route('GET', `${R}/labels`, ({ repo, query, url }) => {
  const { page, headers } = paginate([...repo.labels.values()], query, url);
  return { status: 200, body: page, headers };
});

route('GET', `${R}/labels/{name}`, ({ repo, params }) => {
  const label = repo.labels.get(params.name.toLowerCase());
  if (!label) throw new HttpError(404, 'Not Found');
  return { status: 200, body: label };
});

route('POST', `${R}/labels`, ({ state, repo, body }) => {
  if (!body.name) throw new HttpError(422, 'Validation Failed');
  if (repo.labels.has(String(body.name).toLowerCase())) {
    throw new HttpError(
      422,
      'Validation Failed',
      {},
      {
        errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
      },
    );
  }
  return { status: 201, body: ensureLabel(state, repo, body.name, body.color) };
});

route(
  'POST',
  `${R}/issues/{number}/labels`,
  ({ state, repo, params, body }) => {
    const pr = findPull(repo, params.number);
    const names: string[] = Array.isArray(body) ? body : body.labels ?? [];
    for (const name of names) {
      const label = ensureLabel(
        state,
        repo,
        typeof name === 'string' ? name : (name as any).name,
      );
      if (!pr.labels.includes(label.name)) pr.labels.push(label.name);
    }
    return {
      status: 200,
      body: pr.labels.map(n => repo.labels.get(n.toLowerCase())),
    };
  },
);

route('GET', `${R}/issues/{number}/labels`, ({ repo, params }) => ({
  status: 200,
  body: findPull(repo, params.number).labels.map(n =>
    repo.labels.get(n.toLowerCase()),
  ),
}));

route('POST', `${R}/issues/{number}/assignees`, ({ repo, params, body }) => {
  findPull(repo, params.number);
  return {
    status: 201,
    body: {
      assignees: (body.assignees ?? []).map((login: string) => ({ login })),
    },
  };
});

// Checks and statuses

route(
  'GET',
  `${R}/commits/{ref}/check-runs`,
  ({ state, repo, params, query, url }) => {
    const sha = requireCommit(state, repo, params.ref);
    const all = (repo.checkRuns.get(sha) ?? []).map(c => ({
      ...c,
      head_sha: sha,
    }));
    const { page, headers } = paginate(all, query, url);
    return {
      status: 200,
      body: { total_count: all.length, check_runs: page },
      headers,
    };
  },
);

route(
  'GET',
  `${R}/commits/{ref}/statuses`,
  ({ state, repo, params, query, url }) => {
    const sha = requireCommit(state, repo, params.ref);
    const { page, headers } = paginate(
      [...(repo.statuses.get(sha) ?? [])].reverse(),
      query,
      url,
    );
    return { status: 200, body: page, headers };
  },
);

/** GitHub's combined status: the latest status per context. */
export function latestStatuses(repo: RepoRecord, sha: string) {
  const latest = new Map<
    string,
    RepoRecord['statuses'] extends Map<any, infer V>
      ? V extends Array<infer S>
        ? S
        : never
      : never
  >();
  for (const s of repo.statuses.get(sha) ?? []) latest.set(s.context, s);
  return [...latest.values()];
}

route('GET', `${R}/commits/{ref}/status`, ({ state, repo, params, ctx }) => {
  const sha = requireCommit(state, repo, params.ref);
  const statuses = latestStatuses(repo, sha);
  let combined = 'success';
  if (statuses.some(s => s.state === 'failure' || s.state === 'error')) {
    combined = 'failure';
  } else if (!statuses.length || statuses.some(s => s.state === 'pending')) {
    combined = 'pending';
  }
  return {
    status: 200,
    body: {
      sha,
      state: combined,
      total_count: statuses.length,
      statuses,
      repository: repoJson(repo, ctx.origin),
    },
  };
});

route('POST', `${R}/statuses/{sha}`, ({ state, repo, params, body }) => {
  const status = {
    id: state.nextId(),
    context: body.context ?? 'default',
    state: body.state,
    description: body.description,
  };
  repo.statuses.set(params.sha, [
    ...(repo.statuses.get(params.sha) ?? []),
    status,
  ]);
  return { status: 201, body: status };
});

route('POST', `${R}/check-runs`, ({ state, repo, body }) => {
  const run = {
    id: state.nextId(),
    name: body.name,
    status: body.status ?? (body.conclusion ? 'completed' : 'queued'),
    conclusion: body.conclusion ?? null,
  };
  repo.checkRuns.set(body.head_sha, [
    ...(repo.checkRuns.get(body.head_sha) ?? []),
    run,
  ]);
  return { status: 201, body: run };
});
