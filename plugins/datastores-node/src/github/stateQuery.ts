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

/** A part of a GraphQL document: its variable definitions, root fields and variables. */
export interface DocumentPart {
  defs: string[];
  fields: string[];
  variables: Record<string, unknown>;
}

/** One GraphQL document of every part, or undefined when no part has a field. */
export function graphqlDocument(
  operation: 'query' | 'mutation',
  name: string,
  parts: DocumentPart[],
) {
  const fields = parts.flatMap(p => p.fields);
  if (!fields.length) return undefined;
  const defs = parts.flatMap(p => p.defs);
  return {
    query: `${operation} ${name}${
      defs.length ? `(${defs.join(', ')})` : ''
    } {\n  ${fields.join('\n  ')}\n}`,
    variables: Object.assign({}, ...parts.map(p => p.variables)),
  };
}

/** The alias prefix of the n-th repository of a document: its fields and variables carry it. */
export const repoPrefix = (n: number) => `r${n}_`;

/**
 * One repository's part of the state query: base and branch heads, the blob of every path on
 * both, the last commit that touched each path on the branch, the open and the merged pull
 * request of the branch, and the node ids of labels, reviewers and teams. Every alias and
 * variable starts with `prefix`, so that one query reads several repositories.
 */
export function statePart(
  input: StateQueryInput,
  prefix: string,
): DocumentPart {
  const v = (name: string) => `${prefix}${name}`;
  const variables: Record<string, unknown> = {
    [v('owner')]: input.repo.owner,
    [v('name')]: input.repo.name,
    [v('head')]: `refs/heads/${input.branch}`,
    [v('branch')]: input.branch,
  };
  const defs = [
    `$${v('owner')}: String!`,
    `$${v('name')}: String!`,
    `$${v('head')}: String!`,
    `$${v('branch')}: String!`,
  ];
  const baseFiles: string[] = [];
  const headFiles: string[] = [];
  input.paths.forEach((path, i) => {
    variables[v(`p${i}`)] = path;
    defs.push(`$${v(`p${i}`)}: String!`);
    baseFiles.push(
      `bf${i}: file(path: $${v(
        `p${i}`,
      )}) { oid } bh${i}: history(first: 5, path: $${v(
        `p${i}`,
      )}) { nodes { oid } }`,
    );
    headFiles.push(
      `hf${i}: file(path: $${v(
        `p${i}`,
      )}) { oid } hh${i}: history(first: 1, path: $${v(
        `p${i}`,
      )}) { nodes { oid message } }`,
    );
  });
  let baseRef = 'base: defaultBranchRef';
  if (input.baseBranch) {
    variables[v('base')] = `refs/heads/${input.baseBranch}`;
    defs.push(`$${v('base')}: String!`);
    baseRef = `base: ref(qualifiedName: $${v('base')})`;
  }
  const labels = input.labels.map((label, i) => {
    variables[v(`l${i}`)] = label;
    defs.push(`$${v(`l${i}`)}: String!`);
    return `l${i}: label(name: $${v(`l${i}`)}) { id }`;
  });
  const users = input.reviewers.map((login, i) => {
    variables[v(`u${i}`)] = login;
    defs.push(`$${v(`u${i}`)}: String!`);
    return `${v(`u${i}`)}: user(login: $${v(`u${i}`)}) { id }`;
  });
  const teams = input.teamReviewers.map((team, i) => {
    const { org, slug } = parseTeam(team, input.repo.owner);
    variables[v(`to${i}`)] = org;
    variables[v(`ts${i}`)] = slug;
    defs.push(`$${v(`to${i}`)}: String!`, `$${v(`ts${i}`)}: String!`);
    return `${v(`t${i}`)}: organization(login: $${v(
      `to${i}`,
    )}) { team(slug: $${v(`ts${i}`)}) { id } }`;
  });
  const repository = `${v('repo')}: repository(owner: $${v(
    'owner',
  )}, name: $${v('name')}) {
    id
    nameWithOwner
    ${baseRef} { name target { oid ... on Commit { ${baseFiles.join(' ')} } } }
    head: ref(qualifiedName: $${v('head')}) {
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
    merged: pullRequests(headRefName: $${v(
      'branch',
    )}, states: [MERGED], last: 1) {
      nodes { number url headRefOid }
    }
    ${labels.join('\n    ')}
  }`;
  return { defs, fields: [repository, ...users, ...teams], variables };
}

/** One GraphQL query reading everything the engine needs of every repository, at once. */
export function buildStateQuery(inputs: StateQueryInput[]) {
  return graphqlDocument(
    'query',
    'DatastoresPullRequestState',
    inputs.map((input, n) => statePart(input, repoPrefix(n))),
  )!;
}

/** One repository's snapshot from the answer of {@link buildStateQuery}, read by its prefix. */
export function parseStateResponse(
  input: StateQueryInput,
  data: any,
  prefix: string,
): RepoSnapshot | undefined {
  const repo = data?.[`${prefix}repo`];
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
      input.reviewers.map((u, i) => [
        u,
        data[`${prefix}u${i}`]?.id ?? undefined,
      ]),
    ),
    teamIds: Object.fromEntries(
      input.teamReviewers.map((t, i) => [
        parseTeam(t, input.repo.owner).key,
        data[`${prefix}t${i}`]?.team?.id ?? undefined,
      ]),
    ),
  };
}
