import { RepoCoordinates } from './types';

/** What the engine needs to know about a repository before deciding anything. */
export interface OpenPullRequestSnapshot {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  baseRefName: string;
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
}

export interface FileSnapshot {
  path: string;
  /** Blob id on the base branch, if the file exists there. */
  baseOid?: string;
  /** Recent commits that changed the file on the base branch. */
  baseHistory: string[];
  /** Blob id on the pull request branch, if the branch and the file exist. */
  headOid?: string;
  /** The last commit that changed the file on the pull request branch. */
  headLastCommit?: { oid: string; message: string };
}

/** The newest merged pull request of the branch (GitHub keeps it after the branch is deleted). */
export interface MergedPullRequestSnapshot {
  number: number;
  url: string;
  /** The head it was merged with. */
  headRefOid: string;
}

export interface RepoSnapshot {
  repositoryId: string;
  nameWithOwner: string;
  baseBranch: string;
  baseOid: string;
  /** The pull request branch, when it exists. */
  head?: { id: string; oid: string; pullRequest?: OpenPullRequestSnapshot };
  merged?: MergedPullRequestSnapshot;
  files: FileSnapshot[];
  /** label name → node id (undefined: the label does not exist yet). */
  labelIds: Record<string, string | undefined>;
  userIds: Record<string, string | undefined>;
  /** `org/slug` → node id */
  teamIds: Record<string, string | undefined>;
}

export interface StateQueryInput {
  repo: RepoCoordinates;
  baseBranch?: string;
  branch: string;
  paths: string[];
  labels: string[];
  reviewers: string[];
  teamReviewers: string[];
}

/** `slug` or `org/slug` → `{ org, slug }` (org defaults to the repository owner). */
export function parseTeam(team: string, owner: string) {
  const [org, slug] = team.includes('/') ? team.split('/', 2) : [owner, team];
  return { org, slug, key: `${org}/${slug}` };
}

/**
 * One GraphQL query reading everything the engine needs: base and branch heads, the blob of
 * every path on both, the last commit that touched each path on the branch, the open pull
 * request, and the node ids of labels, reviewers and teams.
 */
export function buildStateQuery(input: StateQueryInput) {
  const variables: Record<string, unknown> = {
    owner: input.repo.owner,
    name: input.repo.name,
    head: `refs/heads/${input.branch}`,
    branch: input.branch,
  };
  const defs = [
    '$owner: String!',
    '$name: String!',
    '$head: String!',
    '$branch: String!',
  ];
  const baseFiles: string[] = [];
  const headFiles: string[] = [];
  input.paths.forEach((path, i) => {
    variables[`p${i}`] = path;
    defs.push(`$p${i}: String!`);
    baseFiles.push(
      `bf${i}: file(path: $p${i}) { oid } bh${i}: history(first: 5, path: $p${i}) { nodes { oid } }`,
    );
    headFiles.push(
      `hf${i}: file(path: $p${i}) { oid } hh${i}: history(first: 1, path: $p${i}) { nodes { oid message } }`,
    );
  });
  let baseRef = 'base: defaultBranchRef';
  if (input.baseBranch) {
    variables.base = `refs/heads/${input.baseBranch}`;
    defs.push('$base: String!');
    baseRef = 'base: ref(qualifiedName: $base)';
  }
  const labels = input.labels.map((label, i) => {
    variables[`l${i}`] = label;
    defs.push(`$l${i}: String!`);
    return `l${i}: label(name: $l${i}) { id }`;
  });
  const users = input.reviewers.map((login, i) => {
    variables[`u${i}`] = login;
    defs.push(`$u${i}: String!`);
    return `u${i}: user(login: $u${i}) { id }`;
  });
  const teams = input.teamReviewers.map((team, i) => {
    const { org, slug } = parseTeam(team, input.repo.owner);
    variables[`to${i}`] = org;
    variables[`ts${i}`] = slug;
    defs.push(`$to${i}: String!`, `$ts${i}: String!`);
    return `t${i}: organization(login: $to${i}) { team(slug: $ts${i}) { id } }`;
  });
  const query = `query DatastoresPullRequestState(${defs.join(', ')}) {
  repository(owner: $owner, name: $name) {
    id
    nameWithOwner
    ${baseRef} { name target { oid ... on Commit { ${baseFiles.join(' ')} } } }
    head: ref(qualifiedName: $head) {
      id
      target { oid ... on Commit { ${headFiles.join(' ')} } }
      associatedPullRequests(first: 10, states: OPEN) {
        nodes {
          id number url title body baseRefName
          labels(first: 100) { nodes { name } }
          reviewRequests(first: 100) { nodes { requestedReviewer { __typename ... on User { login } ... on Team { slug } } } }
        }
      }
    }
    merged: pullRequests(headRefName: $branch, states: [MERGED], last: 1) {
      nodes { number url headRefOid }
    }
    ${labels.join('\n    ')}
  }
  ${users.join('\n  ')}
  ${teams.join('\n  ')}
}`;
  return { query, variables };
}

/** Turns the answer of {@link buildStateQuery} into a {@link RepoSnapshot}. */
export function parseStateResponse(
  input: StateQueryInput,
  data: any,
): RepoSnapshot | undefined {
  const repo = data?.repository;
  if (!repo?.base?.target) return undefined;
  const baseTarget = repo.base.target;
  const headTarget = repo.head?.target;
  const prs: any[] = repo.head?.associatedPullRequests?.nodes ?? [];
  const baseBranch: string = repo.base.name;
  const pr = prs.find(p => p?.baseRefName === baseBranch) ?? prs.find(Boolean);
  const merged = repo.merged?.nodes?.[0];
  const requested = (pr?.reviewRequests?.nodes ?? []).map(
    (n: any) => n?.requestedReviewer,
  );
  return {
    repositoryId: repo.id,
    nameWithOwner: repo.nameWithOwner,
    baseBranch,
    baseOid: baseTarget.oid,
    merged: merged
      ? {
          number: merged.number,
          url: merged.url,
          headRefOid: merged.headRefOid,
        }
      : undefined,
    head: headTarget
      ? {
          id: repo.head.id,
          oid: headTarget.oid,
          pullRequest: pr
            ? {
                id: pr.id,
                number: pr.number,
                url: pr.url,
                title: pr.title,
                body: pr.body,
                baseRefName: pr.baseRefName,
                labels: (pr.labels?.nodes ?? []).map((l: any) => l.name),
                reviewers: requested
                  .filter((r: any) => r?.__typename === 'User')
                  .map((r: any) => r.login),
                teamReviewers: requested
                  .filter((r: any) => r?.__typename === 'Team')
                  .map((r: any) => r.slug),
              }
            : undefined,
        }
      : undefined,
    files: input.paths.map((path, i) => {
      const last = headTarget?.[`hh${i}`]?.nodes?.[0];
      return {
        path,
        baseOid: baseTarget[`bf${i}`]?.oid ?? undefined,
        baseHistory: (baseTarget[`bh${i}`]?.nodes ?? []).map((n: any) => n.oid),
        headOid: headTarget?.[`hf${i}`]?.oid ?? undefined,
        headLastCommit: last
          ? { oid: last.oid, message: last.message }
          : undefined,
      };
    }),
    labelIds: Object.fromEntries(
      input.labels.map((l, i) => [l, repo[`l${i}`]?.id ?? undefined]),
    ),
    userIds: Object.fromEntries(
      input.reviewers.map((u, i) => [u, data[`u${i}`]?.id ?? undefined]),
    ),
    teamIds: Object.fromEntries(
      input.teamReviewers.map((t, i) => [
        parseTeam(t, input.repo.owner).key,
        data[`t${i}`]?.team?.id ?? undefined,
      ]),
    ),
  };
}
