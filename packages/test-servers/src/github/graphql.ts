import {
  buildSchema,
  graphql,
  GraphQLError,
  OperationDefinitionNode,
  parse,
} from 'graphql';
import { HttpError, RequestContext } from './http';
import { createPull, ensureLabel, latestStatuses } from './rest';
import {
  labelNodeId,
  pullHtmlUrl,
  pullNodeId,
  repoNodeId,
  teamNodeId,
  userNodeId,
} from './representations';
import { schemaSource } from './schema.graphql';
import { GithubState, PullRequestRecord, RepoRecord } from './state';

const schema = buildSchema(schemaSource);

/** An error with GitHub's GraphQL `type` (NOT_FOUND, UNPROCESSABLE, STALE_DATA, ...). */
class GqlError extends Error {
  constructor(message: string, readonly type: string) {
    super(message);
  }
}

interface Ctx extends RequestContext {
  state: GithubState;
}

/** Fails `field` on `repo` when the test injected an error there (as GitHub fails one field). */
function injected(ctx: Ctx, field: string, repo: RepoRecord) {
  const fault = ctx.mutationFault?.(field, `${repo.owner}/${repo.name}`);
  if (fault) throw new GqlError(fault.message, fault.type);
}

const conn = <T>(all: T[], first?: number, last?: number) => {
  let nodes = all;
  if (first !== undefined && first !== null) nodes = nodes.slice(0, first);
  if (last !== undefined && last !== null) nodes = nodes.slice(-last);
  return {
    nodes,
    edges: nodes.map(node => ({ node })),
    totalCount: all.length,
  };
};

const refName = (qualified: string) =>
  qualified.startsWith('refs/') ? qualified.slice(5) : `heads/${qualified}`;

function userNode(login: string) {
  return { __typename: 'User', id: userNodeId(login), login };
}

/** A user, or an app: GraphQL spells a bot's login without REST's `[bot]` suffix. */
function actorNode(login: string) {
  const bot = /^(.+)\[bot\]$/.exec(login);
  return bot
    ? { __typename: 'Bot', id: `BOT_${bot[1]}`, login: bot[1] }
    : userNode(login);
}

function teamNode(org: string, slug: string) {
  return { __typename: 'Team', id: teamNodeId(org, slug), slug, name: slug };
}

function labelNode(repo: RepoRecord, name: string) {
  const label = repo.labels.get(name.toLowerCase());
  if (!label) return null;
  return {
    __typename: 'Label',
    id: labelNodeId(repo, label.name),
    name: label.name,
    color: label.color,
  };
}

function blobNode(state: GithubState, sha: string) {
  const blob = state.objects.blob(sha)!;
  return {
    __typename: 'Blob',
    id: `B_${sha}`,
    oid: sha,
    text: blob.content.toString('utf8'),
    byteSize: blob.content.length,
    isBinary: false,
  };
}

function rollup(repo: RepoRecord, sha: string) {
  const runs = repo.checkRuns.get(sha) ?? [];
  const statuses = latestStatuses(repo, sha);
  if (!runs.length && !statuses.length) return null;
  const contexts = [
    ...runs.map(r => ({
      __typename: 'CheckRun',
      name: r.name,
      status: r.status.toUpperCase(),
      conclusion: r.conclusion ? r.conclusion.toUpperCase() : null,
    })),
    ...statuses.map(s => ({
      __typename: 'StatusContext',
      context: s.context,
      state: s.state.toUpperCase(),
      description: s.description,
    })),
  ];
  const bad = [
    'FAILURE',
    'ERROR',
    'TIMED_OUT',
    'CANCELLED',
    'ACTION_REQUIRED',
    'STARTUP_FAILURE',
  ];
  const failed = contexts.some(c =>
    bad.includes((c as any).conclusion ?? (c as any).state),
  );
  const pending = contexts.some(
    (c: any) =>
      (c.__typename === 'CheckRun' && c.status !== 'COMPLETED') ||
      (c as any).state === 'PENDING',
  );
  return {
    state: (failed && 'FAILURE') || (pending && 'PENDING') || 'SUCCESS',
    contexts: ({ first }: { first?: number }) => conn(contexts, first),
  };
}

function graphqlPullState(pr: PullRequestRecord) {
  if (pr.merged) return 'MERGED';
  return pr.state === 'open' ? 'OPEN' : 'CLOSED';
}

function commitNode(state: GithubState, repo: RepoRecord, sha: string): any {
  const commit = state.objects.commit(sha);
  if (!commit) return null;
  const [headline, ...rest] = commit.message.split('\n');
  const tree = state.objects.tree(commit.tree)!;
  return {
    __typename: 'Commit',
    id: `C_${sha}`,
    oid: sha,
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').trim(),
    author: commit.author,
    committer: commit.committer,
    tree: () => ({
      __typename: 'Tree',
      id: `T_${tree.sha}`,
      oid: tree.sha,
      entries: Object.entries(tree.entries).map(([path, e]) => ({
        name: path.split('/').pop(),
        path,
        oid: e.sha,
        mode: Number.parseInt(e.mode, 8),
        type: 'blob',
        object: () => blobNode(state, e.sha),
      })),
    }),
    file: ({ path }: { path: string }) => {
      const e = tree.entries[path];
      if (!e) return null;
      return {
        name: path.split('/').pop(),
        path,
        oid: e.sha,
        mode: Number.parseInt(e.mode, 8),
        type: 'blob',
        object: () => blobNode(state, e.sha),
      };
    },
    parents: ({ first }: { first?: number }) =>
      conn(
        commit.parents.map(p => commitNode(state, repo, p)),
        first,
      ),
    history: ({ first, path }: { first?: number; path?: string }) =>
      conn(
        state.objects
          .history(sha, path ?? undefined)
          .map(c => commitNode(state, repo, c)),
        first ?? 100,
      ),
    statusCheckRollup: () => rollup(repo, sha),
  };
}

function pullNode(ctx: Ctx, repo: RepoRecord, pr: PullRequestRecord): any {
  const headOid =
    (pr.merged ? pr.mergedHeadSha : repo.refs.get(`heads/${pr.head}`)) ?? '';
  return {
    __typename: 'PullRequest',
    id: pullNodeId(repo, pr.number),
    number: pr.number,
    url: pullHtmlUrl(repo, pr.number, ctx.origin),
    title: pr.title,
    body: pr.body,
    state: graphqlPullState(pr),
    merged: pr.merged,
    isDraft: pr.draft,
    headRefName: pr.head,
    baseRefName: pr.base,
    headRefOid: headOid,
    createdAt: pr.createdAt,
    mergedAt: pr.mergedAt ?? null,
    mergeCommit: pr.mergeCommitSha
      ? commitNode(ctx.state, repo, pr.mergeCommitSha)
      : null,
    author: actorNode(pr.author),
    labels: ({ first }: { first?: number }) =>
      conn(pr.labels.map(n => labelNode(repo, n)).filter(Boolean), first),
    reviewRequests: ({ first }: { first?: number }) =>
      conn(
        [
          ...pr.reviewers.map(login => ({
            requestedReviewer: userNode(login),
          })),
          ...pr.teamReviewers.map(slug => ({
            requestedReviewer: teamNode(repo.owner, slug),
          })),
        ],
        first,
      ),
    commits: ({ first, last }: { first?: number; last?: number }) => {
      const base = repo.refs.get(`heads/${pr.base}`);
      const list = headOid
        ? ctx.state.objects
            .history(headOid)
            .filter(c => !base || !ctx.state.objects.isAncestor(c, base))
            .reverse()
        : [];
      return conn(
        list.map(c => ({ commit: commitNode(ctx.state, repo, c) })),
        first,
        last,
      );
    },
  };
}

function pullStateMatches(pr: PullRequestRecord, states?: string[]) {
  if (!states?.length) return true;
  return states.includes(graphqlPullState(pr));
}

function refNode(ctx: Ctx, repo: RepoRecord, name: string): any {
  const sha = repo.refs.get(name);
  if (!sha) return null;
  const short = name.replace(/^(heads|tags)\//, '');
  return {
    __typename: 'Ref',
    id: `REF_${repo.owner}/${repo.name}:${name}`,
    name: short,
    prefix: `refs/${name.slice(0, name.length - short.length)}`,
    target: () => commitNode(ctx.state, repo, sha),
    associatedPullRequests: (args: {
      first?: number;
      last?: number;
      states?: string[];
    }) =>
      conn(
        repo.pulls
          .filter(p => p.head === short && pullStateMatches(p, args.states))
          .map(p => pullNode(ctx, repo, p)),
        args.first,
        args.last,
      ),
  };
}

function repoNode(ctx: Ctx, repo: RepoRecord) {
  const { state } = ctx;
  return {
    __typename: 'Repository',
    id: repoNodeId(repo),
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    url: `${ctx.origin}/${repo.owner}/${repo.name}`,
    defaultBranchRef: () => refNode(ctx, repo, `heads/${repo.defaultBranch}`),
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      refNode(ctx, repo, refName(qualifiedName)),
    object: ({ expression, oid }: { expression?: string; oid?: string }) => {
      if (oid) return commitNode(state, repo, oid);
      const [rev, path] = (expression ?? '').split(/:(.*)/s);
      const sha = state.resolve(repo, rev || repo.defaultBranch);
      if (!sha) return null;
      if (path === undefined) return commitNode(state, repo, sha);
      const e = state.objects.tree(state.objects.commit(sha)!.tree)!.entries[
        path
      ];
      return e ? blobNode(state, e.sha) : null;
    },
    label: ({ name }: { name: string }) => labelNode(repo, name),
    labels: ({ first }: { first?: number }) =>
      conn(
        [...repo.labels.values()].map(l => labelNode(repo, l.name)),
        first,
      ),
    pullRequest: ({ number }: { number: number }) => {
      const pr = repo.pulls.find(p => p.number === number);
      if (!pr)
        throw new GqlError(
          `Could not resolve to a PullRequest with the number of ${number}.`,
          'NOT_FOUND',
        );
      return pullNode(ctx, repo, pr);
    },
    pullRequests: (args: {
      first?: number;
      last?: number;
      states?: string[];
      labels?: string[];
      headRefName?: string;
      baseRefName?: string;
    }) =>
      conn(
        repo.pulls
          .filter(p => pullStateMatches(p, args.states))
          .filter(
            p => !args.labels || args.labels.some(l => p.labels.includes(l)),
          )
          .filter(p => !args.headRefName || p.head === args.headRefName)
          .filter(p => !args.baseRefName || p.base === args.baseRefName)
          .map(p => pullNode(ctx, repo, p)),
        args.first,
        args.last,
      ),
  };
}

function repoById(state: GithubState, id: string) {
  const repo = id.startsWith('R_')
    ? state.repo(...(id.slice(2).split('/') as [string, string]))
    : undefined;
  if (!repo)
    throw new GqlError(
      `Could not resolve to a node with the global id of '${id}'`,
      'NOT_FOUND',
    );
  return repo;
}

function pullById(state: GithubState, id: string) {
  const m = /^PR_([^/]+)\/(.+)#(\d+)$/.exec(id);
  const repo = m ? state.repo(m[1], m[2]) : undefined;
  const pr = repo?.pulls.find(p => p.number === Number(m![3]));
  if (!repo || !pr)
    throw new GqlError(
      `Could not resolve to a node with the global id of '${id}'`,
      'NOT_FOUND',
    );
  return { repo, pr };
}

function unprocessable(fn: () => any) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HttpError) {
      const detail = (e.extra.errors as any[])
        ?.map(x => x.message)
        .filter(Boolean)
        .join('; ');
      throw new GqlError(detail || e.message, 'UNPROCESSABLE');
    }
    throw e;
  }
}

const rootValue = {
  repository: ({ owner, name }: { owner: string; name: string }, ctx: Ctx) => {
    const repo = ctx.state.repo(owner, name);
    if (!repo)
      throw new GqlError(
        `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        'NOT_FOUND',
      );
    return repoNode(ctx, repo);
  },
  user: ({ login }: { login: string }) => userNode(login),
  organization: ({ login }: { login: string }) => ({
    __typename: 'Organization',
    id: `O_${login}`,
    login,
    team: ({ slug }: { slug: string }) => teamNode(login, slug),
  }),
  viewer: (_: unknown, ctx: Ctx) => userNode(ctx.login),
  node: () => null,

  createRef: ({ input }: any, ctx: Ctx) => {
    const repo = repoById(ctx.state, input.repositoryId);
    injected(ctx, 'createRef', repo);
    if (!/^refs\/(heads|tags)\/.+/.test(input.name)) {
      throw new GqlError(
        'Reference name must start with refs/heads/ or refs/tags/',
        'UNPROCESSABLE',
      );
    }
    const name = input.name.slice(5);
    if (repo.refs.has(name))
      throw new GqlError(
        `A ref named "${input.name}" already exists in the repository.`,
        'UNPROCESSABLE',
      );
    if (!ctx.state.objects.commit(input.oid))
      throw new GqlError(
        `Could not resolve to a commit with the oid ${input.oid}`,
        'NOT_FOUND',
      );
    repo.refs.set(name, input.oid);
    return {
      ref: refNode(ctx, repo, name),
      clientMutationId: input.clientMutationId,
    };
  },

  createCommitOnBranch: ({ input }: any, ctx: Ctx) => {
    const { branch } = input;
    const repo = branch.id
      ? ctx.state.repo(
          ...(branch.id.replace(/^REF_/, '').split(':')[0].split('/') as [
            string,
            string,
          ]),
        )
      : ctx.state.repo(
          ...(String(branch.repositoryNameWithOwner).split('/') as [
            string,
            string,
          ]),
        );
    const branchName = branch.branchName ?? branch.id?.split(':heads/')[1];
    if (!repo)
      throw new GqlError('Could not resolve to a Repository', 'NOT_FOUND');
    injected(ctx, 'createCommitOnBranch', repo);
    const head = repo.refs.get(`heads/${branchName}`);
    if (!head)
      throw new GqlError(`Branch '${branchName}' not found`, 'NOT_FOUND');
    if (head !== input.expectedHeadOid) {
      throw new GqlError(
        `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`,
        'STALE_DATA',
      );
    }
    const changes: Record<string, Buffer | null> = {};
    for (const d of input.fileChanges?.deletions ?? []) changes[d.path] = null;
    for (const a of input.fileChanges?.additions ?? [])
      changes[a.path] = Buffer.from(a.contents, 'base64');
    const message = [input.message.headline, input.message.body]
      .filter(Boolean)
      .join('\n\n');
    const sha = ctx.state.commitChanges({
      parent: head,
      changes,
      message,
      author: ctx.state.actor(ctx.login),
    });
    repo.refs.set(`heads/${branchName}`, sha);
    return {
      commit: commitNode(ctx.state, repo, sha),
      ref: refNode(ctx, repo, `heads/${branchName}`),
      clientMutationId: input.clientMutationId,
    };
  },

  createPullRequest: ({ input }: any, ctx: Ctx) => {
    const repo = repoById(ctx.state, input.repositoryId);
    injected(ctx, 'createPullRequest', repo);
    const pr = unprocessable(() =>
      createPull(
        ctx.state,
        repo,
        {
          title: input.title,
          body: input.body,
          head: input.headRefName,
          base: input.baseRefName,
          draft: input.draft,
        },
        ctx.login,
      ),
    );
    return {
      pullRequest: pullNode(ctx, repo, pr),
      clientMutationId: input.clientMutationId,
    };
  },

  updatePullRequest: ({ input }: any, ctx: Ctx) => {
    const { repo, pr } = pullById(ctx.state, input.pullRequestId);
    if (typeof input.title === 'string') pr.title = input.title;
    if (typeof input.body === 'string') pr.body = input.body;
    return {
      pullRequest: pullNode(ctx, repo, pr),
      clientMutationId: input.clientMutationId,
    };
  },

  updateRef: ({ input }: any, ctx: Ctx) => {
    const m = /^REF_([^/]+)\/([^:]+):(.+)$/.exec(String(input.refId));
    const repo = m ? ctx.state.repo(m[1], m[2]) : undefined;
    const name = m?.[3];
    const current = name ? repo?.refs.get(name) : undefined;
    if (!repo || !name || !current)
      throw new GqlError(
        `Could not resolve to a node with the global id of '${input.refId}'`,
        'NOT_FOUND',
      );
    if (!ctx.state.objects.commit(input.oid))
      throw new GqlError(
        `Could not resolve to a commit with the oid ${input.oid}`,
        'NOT_FOUND',
      );
    if (!input.force && !ctx.state.objects.isAncestor(current, input.oid))
      throw new GqlError('Update is not a fast forward', 'UNPROCESSABLE');
    repo.refs.set(name, input.oid);
    return {
      ref: refNode(ctx, repo, name),
      clientMutationId: input.clientMutationId,
    };
  },

  createLabel: ({ input }: any, ctx: Ctx) => {
    const repo = repoById(ctx.state, input.repositoryId);
    // GitHub: "Name has already been taken" (case-insensitively); a color is 6 hex digits.
    if (repo.labels.has(String(input.name).toLowerCase())) {
      throw new GqlError('Name has already been taken', 'UNPROCESSABLE');
    }
    if (!/^[0-9a-fA-F]{6}$/.test(input.color)) {
      throw new GqlError('Color is invalid', 'UNPROCESSABLE');
    }
    ensureLabel(ctx.state, repo, input.name, input.color);
    return {
      label: labelNode(repo, input.name),
      clientMutationId: input.clientMutationId,
    };
  },

  addLabelsToLabelable: ({ input }: any, ctx: Ctx) => {
    const { repo, pr } = pullById(ctx.state, input.labelableId);
    for (const id of input.labelIds) {
      const name = String(id).split(':').slice(1).join(':');
      const label = repo.labels.get(name.toLowerCase());
      if (!label || labelNodeId(repo, label.name) !== id) {
        throw new GqlError(
          `Could not resolve to a node with the global id of '${id}'`,
          'NOT_FOUND',
        );
      }
      if (!pr.labels.includes(label.name)) pr.labels.push(label.name);
    }
    return {
      labelable: pullNode(ctx, repo, pr),
      clientMutationId: input.clientMutationId,
    };
  },

  requestReviews: ({ input }: any, ctx: Ctx) => {
    const { repo, pr } = pullById(ctx.state, input.pullRequestId);
    const users = (input.userIds ?? []).map((id: string) =>
      id.replace(/^U_/, ''),
    );
    const teams = (input.teamIds ?? []).map((id: string) =>
      id.split('/').pop(),
    );
    if (input.union) {
      for (const u of users)
        if (!pr.reviewers.includes(u)) pr.reviewers.push(u);
      for (const t of teams)
        if (!pr.teamReviewers.includes(t)) pr.teamReviewers.push(t);
    } else {
      pr.reviewers = users;
      pr.teamReviewers = teams;
    }
    return {
      pullRequest: pullNode(ctx, repo, pr),
      clientMutationId: input.clientMutationId,
    };
  },
};

/** The operation name, else the root fields, of a GraphQL document (for the call log). */
export function describeOperation(query: string, operationName?: string) {
  try {
    const doc = parse(query);
    const op = doc.definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === 'OperationDefinition' &&
        (!operationName || d.name?.value === operationName),
    );
    const fields = (op?.selectionSet.selections ?? []).flatMap(s =>
      s.kind === 'Field' ? [s.name.value] : [],
    );
    return { type: op?.operation ?? 'query', name: op?.name?.value, fields };
  } catch {
    return { type: 'query', name: undefined, fields: [] as string[] };
  }
}

export async function handleGraphql(
  state: GithubState,
  body: {
    query?: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  },
  ctx: RequestContext,
) {
  const result = await graphql({
    schema,
    source: body.query ?? '',
    rootValue,
    contextValue: { ...ctx, state },
    variableValues: body.variables,
    operationName: body.operationName,
  });
  const errors = result.errors?.map((e: GraphQLError) => ({
    type:
      e.originalError instanceof GqlError ? e.originalError.type : undefined,
    message: e.message,
    path: e.path,
    locations: e.locations,
  }));
  return errors ? { data: result.data ?? null, errors } : { data: result.data };
}
