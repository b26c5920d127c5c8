/*
 * The state and combined checks of many pull requests, fifty to a GraphQL query: a refresh
 * cycle costs ceil(N / 50) calls per host and owner, not one per pull request.
 */
import { NotFoundError } from '@backstage/errors';
import { CheckContext, combineChecks } from './checks';
import { GithubClient, GraphqlError } from './client';
import { graphqlDocument, DocumentPart } from './stateQuery';
import { PullRequestState, PullRequestStatus, RepoCoordinates } from './types';

/** Pull requests per query: the status rollup of each stays far below GitHub's node limit. @public */
export const STATUSES_PER_QUERY = 50;

export interface PullRequestRef {
  coordinates: RepoCoordinates;
  number: number;
}

/** @public */
export type PullRequestStatusOutcome =
  | { ok: true; status: PullRequestStatus }
  | { ok: false; error: Error };

// The merge commit's check runs by name: how the lifecycle tells that the apply workflow ran
// on what was merged (GitHub Actions names a matrix job's run `apply (<dir>)`).
const PULL_REQUEST_FIELDS = `url number state headRefOid mergedAt
      commits(last: 1) { nodes { commit { oid statusCheckRollup { contexts(first: 100) { nodes {
        __typename ... on CheckRun { status conclusion } ... on StatusContext { state } } } } } } }
      mergeCommit { oid statusCheckRollup { contexts(first: 100) { nodes {
        __typename ... on CheckRun { name status conclusion } } } } }`;

/** One query for up to fifty pull requests, each repository read once. */
export function statusQuery(refs: PullRequestRef[]) {
  const repos = new Map<string, number[]>();
  refs.forEach((ref, i) => {
    const key = `${ref.coordinates.owner}/${ref.coordinates.name}`;
    repos.set(key, [...(repos.get(key) ?? []), i]);
  });
  const parts: DocumentPart[] = [...repos.values()].map((indexes, r) => {
    const { owner, name } = refs[indexes[0]].coordinates;
    return {
      defs: [
        `$o${r}: String!`,
        `$n${r}: String!`,
        ...indexes.map(i => `$k${i}: Int!`),
      ],
      variables: {
        [`o${r}`]: owner,
        [`n${r}`]: name,
        ...Object.fromEntries(indexes.map(i => [`k${i}`, refs[i].number])),
      },
      fields: [
        `r${r}: repository(owner: $o${r}, name: $n${r}) {
    ${indexes
      .map(i => `p${i}: pullRequest(number: $k${i}) { ${PULL_REQUEST_FIELDS} }`)
      .join('\n    ')}
  }`,
      ],
    };
  });
  const aliases = new Map<number, [string, string]>();
  [...repos.values()].forEach((indexes, r) =>
    indexes.forEach(i => aliases.set(i, [`r${r}`, `p${i}`])),
  );
  return {
    ...graphqlDocument('query', 'DatastoresPullRequestStatuses', parts)!,
    aliases,
  };
}

function toStatus(pr: any): PullRequestStatus {
  const commit = pr.commits?.nodes?.[0]?.commit;
  const contexts: CheckContext[] = (
    commit?.statusCheckRollup?.contexts?.nodes ?? []
  ).map((c: any) =>
    c.__typename === 'CheckRun'
      ? { kind: 'checkRun', status: c.status, conclusion: c.conclusion }
      : { kind: 'status', state: c.state },
  );
  const merge = pr.mergeCommit;
  return {
    url: pr.url,
    number: pr.number,
    state: String(pr.state).toLowerCase() as PullRequestState,
    checks: combineChecks(contexts),
    headSha: pr.headRefOid ?? commit?.oid,
    ...(pr.mergedAt && { mergedAt: pr.mergedAt }),
    ...(merge?.oid && {
      mergeCommit: {
        sha: merge.oid,
        checkRuns: (merge.statusCheckRollup?.contexts?.nodes ?? [])
          .filter((c: any) => c?.__typename === 'CheckRun')
          .map((c: any) => ({
            name: c.name,
            status: String(c.status).toLowerCase(),
            conclusion: c.conclusion
              ? String(c.conclusion).toLowerCase()
              : undefined,
          })),
      },
    }),
  };
}

/** Reads `refs` (of one host and owner) with `client`, a query per fifty, in their order. */
export async function readPullRequestStatuses(
  client: GithubClient,
  refs: PullRequestRef[],
  read: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<PullRequestStatusOutcome[]> {
  const outcomes: PullRequestStatusOutcome[] = [];
  for (let start = 0; start < refs.length; start += STATUSES_PER_QUERY) {
    const chunk = refs.slice(start, start + STATUSES_PER_QUERY);
    const { query, variables, aliases } = statusQuery(chunk);
    const { data, errors } = await read(() => client.graphql(query, variables));
    chunk.forEach((ref, i) => {
      const [repoAlias, prAlias] = aliases.get(i)!;
      const pr = data?.[repoAlias]?.[prAlias];
      if (pr) {
        outcomes.push({ ok: true, status: toStatus(pr) });
        return;
      }
      const why = errors
        .filter(
          (e: GraphqlError) =>
            e.path?.[0] === repoAlias &&
            (e.path.length === 1 || e.path[1] === prAlias),
        )
        .map(e => e.message)
        .join('; ');
      outcomes.push({
        ok: false,
        error: new NotFoundError(
          `GitHub ${ref.coordinates.owner}/${
            ref.coordinates.name
          }: pull request #${ref.number} not found${why ? `: ${why}` : ''}`,
        ),
      });
    });
  }
  return outcomes;
}
