/*
 * Opening (or updating) the pull requests of one request in as few round trips as GitHub
 * allows, whatever the number of repositories: one GraphQL query reads every repository, one
 * mutation creates every branch, commit and pull request, one more adds labels and reviewers.
 */
import { NotFoundError } from '@backstage/errors';
import { GithubClient, GraphqlError } from './client';
import { githubClientFor } from './credentials';
import {
  describeProgress,
  GithubApiError,
  PullRequestProgress,
  PullRequestStepError,
} from './errors';
import {
  applyPart,
  decorationPart,
  labelsPart,
  planDecoration,
} from './mutations';
import { commitMessage, planPullRequest } from './plan';
import { parseRepoCoordinates } from './repoCoordinates';
import {
  RetriesExhausted,
  RetryClock,
  RetryOptions,
  withRetries,
} from './retry';
import {
  buildStateQuery,
  DocumentPart,
  graphqlDocument,
  OpenPullRequestSnapshot,
  parseStateResponse,
  repoPrefix,
  RepoSnapshot,
  StateQueryInput,
} from './stateQuery';
import {
  PullRequestOutcome,
  PullRequestRequest,
  PullRequestResult,
  RepoCoordinates,
} from './types';

export interface BatchOptions {
  integrations: Parameters<typeof githubClientFor>[1]['integrations'];
  credentialsProvider: Parameters<
    typeof githubClientFor
  >[1]['credentialsProvider'];
  fetch?: typeof fetch;
  retry?: RetryOptions;
  clock: RetryClock;
  logger?: {
    info(message: string, meta?: object): void;
    warn(message: string, meta?: object): void;
  };
  marker: string;
  defaultHost?: string;
}

/** How many times a request whose branch moved under it is read and planned again. */
const STALE_ATTEMPTS = 4;

function mergeParts(...parts: DocumentPart[]): DocumentPart {
  return {
    defs: parts.flatMap(p => p.defs),
    fields: parts.flatMap(p => p.fields),
    variables: Object.assign({}, ...parts.map(p => p.variables)),
  };
}

/** One request on its way through the rounds. */
interface Job {
  request: PullRequestRequest;
  coordinates: RepoCoordinates;
  repoName: string;
  input: StateQueryInput;
  progress: PullRequestProgress;
  step: string;
  created: boolean;
  committed: boolean;
  snapshot?: RepoSnapshot;
  pullRequest?:
    | OpenPullRequestSnapshot
    | {
        id: string;
        number: number;
        url: string;
        labels: string[];
        reviewers: string[];
        teamReviewers: string[];
      };
  headSha?: string;
  result?: Omit<
    PullRequestResult,
    'calls' | 'branch' | 'created' | 'committed'
  >;
  /** The branch moved between our read and our write: read again and re-plan. */
  stale?: boolean;
  /** Labels the repository lacked, created by the applying mutation. */
  missingLabels?: string[];
  error?: Error;
}

/** Something went wrong inside a GraphQL answer (HTTP 200 with `errors`). */
function graphqlFailure(errors: GraphqlError[]) {
  const stale = errors.some(
    e =>
      e.type === 'STALE_DATA' || /Expected branch to point to/.test(e.message),
  );
  const error = new GithubApiError(
    errors
      .map(e => (e.type ? `${e.type}: ${e.message}` : e.message))
      .join('; '),
    200,
    stale,
    stale ? 0 : undefined,
  );
  return { error, stale };
}

function fail(job: Job, cause: unknown) {
  if (job.error) return;
  const exhausted = cause instanceof RetriesExhausted ? cause : undefined;
  const error = exhausted ? exhausted.lastError : cause;
  if (!(error instanceof GithubApiError)) {
    job.error = error as Error;
    return;
  }
  const gaveUp = exhausted?.reason ?? error.gaveUp;
  job.error = new PullRequestStepError(
    job.repoName,
    job.step,
    { ...job.progress },
    `GitHub ${job.repoName}: ${job.step} failed${
      gaveUp ? ` (${gaveUp})` : ''
    }: ${error.message}. State: ${describeProgress(
      job.request.branch,
      job.progress,
    )}`,
    error,
  );
}

/** The errors of a mutation or query, by the job whose prefix starts their path. */
function errorsOf(errors: GraphqlError[], prefix: string) {
  return errors.filter(e => String(e.path?.[0] ?? '').startsWith(prefix));
}

/** The requests of one host and owner: one client, one set of credentials, one batch. */
async function runGroup(jobs: Job[], options: BatchOptions): Promise<number> {
  let client: GithubClient;
  try {
    client = await githubClientFor(jobs[0].coordinates, options);
  } catch (error) {
    for (const job of jobs) job.error = error as Error;
    return 0;
  }
  // A round's call is retried as a whole when GitHub's answer says so (a GraphQL rate limit).
  const round = <T>(fn: () => Promise<T>, who: Job[]) =>
    withRetries(fn, options.retry, options.clock, (error, delay, attempt) =>
      options.logger?.warn(
        `GitHub ${who.map(j => j.repoName).join(', ')}: ${
          who[0].step
        } failed (attempt ${attempt}): ${
          (error as Error).message
        }; retrying in ${delay} ms`,
      ),
    );

  for (let attempt = 1; attempt <= STALE_ATTEMPTS; attempt++) {
    const pending = jobs.filter(j => !j.error && !j.result);
    if (!pending.length) break;
    for (const job of pending) job.stale = false;

    // Round 1: every repository's state, in one query.
    for (const job of pending) job.step = 'read the repository state';
    try {
      const { query, variables } = buildStateQuery(pending.map(j => j.input));
      const state = await round(
        () => client.graphql(query, variables),
        pending,
      );
      pending.forEach((job, n) => {
        const prefix = repoPrefix(n);
        const snapshot = parseStateResponse(job.input, state.data, prefix);
        if (!snapshot) {
          const why = errorsOf(state.errors, prefix)
            .map(e => e.message)
            .join('; ');
          job.error = new NotFoundError(
            `GitHub ${job.repoName}: repository or base branch "${
              job.request.baseBranch ?? '(default)'
            }" not found${why ? `: ${why}` : ''}`,
          );
          return;
        }
        job.snapshot = snapshot;
        job.progress.branchExists = !!snapshot.head;
        job.progress.headSha = snapshot.head?.oid;
        job.progress.pullRequestUrl =
          snapshot.head?.pullRequest?.url ?? job.progress.pullRequestUrl;
      });
    } catch (error) {
      for (const job of pending) fail(job, error);
      break;
    }

    // Round 2: every branch, commit and pull request, in one mutation.
    const applying: Array<{ job: Job; prefix: string }> = [];
    const parts = [];
    for (const job of pending) {
      if (job.error || !job.snapshot) continue;
      const snapshot = job.snapshot;
      let plan;
      try {
        plan = planPullRequest(job.request, snapshot, options.marker);
      } catch (error) {
        job.error = error as Error;
        continue;
      }
      if (plan.alreadyMerged) {
        job.result = {
          url: plan.alreadyMerged.url,
          number: plan.alreadyMerged.number,
          headSha: snapshot.baseOid,
          alreadyMerged: true,
        };
        continue;
      }
      job.headSha = snapshot.head?.oid ?? snapshot.baseOid;
      job.pullRequest = snapshot.head?.pullRequest
        ? { ...snapshot.head.pullRequest }
        : undefined;
      const prefix = repoPrefix(applying.length);
      const missingLabels = job.input.labels.filter(
        l => snapshot.labelIds[l] === undefined,
      );
      const part = mergeParts(
        labelsPart(snapshot.repositoryId, missingLabels, prefix),
        applyPart(
          plan,
          snapshot,
          job.request,
          commitMessage(job.request, options.marker),
          prefix,
        ),
      );
      if (!part.fields.length) continue;
      job.missingLabels = missingLabels;
      job.step = [
        missingLabels.length && 'create labels',
        plan.createBranch && 'create the branch',
        plan.resetBranch && 'start the merged branch afresh',
        plan.additions.length && `commit ${plan.additions.length} file(s)`,
        plan.deletions.length && `delete ${plan.deletions.length} file(s)`,
        plan.createPullRequest && 'open the pull request',
        plan.updatePullRequest && 'update the pull request',
      ]
        .filter(Boolean)
        .join(', ');
      applying.push({ job, prefix });
      parts.push(part);
    }
    const apply = graphqlDocument(
      'mutation',
      'DatastoresApplyPullRequest',
      parts,
    );
    if (apply) {
      const who = applying.map(a => a.job);
      try {
        const res = await round(
          () => client.graphql(apply.query, apply.variables),
          who,
        );
        const data = res.data ?? {};
        const unplaced = res.errors.filter(e => !e.path?.length);
        for (const { job, prefix } of applying) {
          const ref =
            data[`${prefix}createRef`]?.ref ?? data[`${prefix}updateRef`]?.ref;
          if (ref) {
            job.progress.branchExists = true;
            job.progress.headSha = ref.target?.oid;
          }
          const commitOid = data[`${prefix}commit`]?.commit?.oid;
          if (commitOid) {
            job.progress.commitSha = commitOid;
            job.progress.headSha = commitOid;
            job.headSha = commitOid;
            job.committed = true;
          }
          job.missingLabels?.forEach((name, k) => {
            const id = data[`${prefix}label${k}`]?.label?.id;
            if (id) job.snapshot!.labelIds[name] = id;
          });
          const newPr = data[`${prefix}pull`]?.pullRequest;
          if (newPr) {
            job.progress.pullRequestUrl = newPr.url;
            job.pullRequest = {
              ...newPr,
              labels: [],
              reviewers: [],
              teamReviewers: [],
            };
            job.created = true;
          }
          const mine = [...errorsOf(res.errors, prefix), ...unplaced];
          if (mine.length) {
            const { error, stale } = graphqlFailure(mine);
            // A label someone created since our read: read again and use theirs.
            const raced = mine.every(e => /already been taken/.test(e.message));
            if (stale || raced) job.stale = true;
            else fail(job, error);
          }
        }
      } catch (error) {
        for (const job of who) fail(job, error);
      }
    }

    // Round 3: labels and reviewers of every pull request, in one mutation.
    const decorating: Array<{ job: Job; prefix: string }> = [];
    const decorations = [];
    for (const job of pending) {
      if (job.error || job.result || job.stale || !job.snapshot) continue;
      const pr = job.pullRequest;
      if (!pr) {
        fail(
          job,
          new GithubApiError(
            'no pull request after applying the plan',
            undefined,
            false,
          ),
        );
        continue;
      }
      const decoration = planDecoration(
        job.request,
        job.snapshot,
        pr,
        job.created,
      );
      if (decoration.unknownReviewers.length) {
        options.logger?.warn(
          `GitHub ${
            job.snapshot.nameWithOwner
          }: unknown reviewers ${decoration.unknownReviewers.join(
            ', ',
          )} were not requested`,
        );
      }
      if (decoration.labelsToCreate.length) {
        fail(
          job,
          new GithubApiError(
            `labels ${decoration.labelsToCreate.join(
              ', ',
            )} could not be created`,
            undefined,
            false,
          ),
        );
        continue;
      }
      const prefix = repoPrefix(decorating.length);
      const part = decorationPart(pr.id, decoration, prefix);
      if (part.fields.length) {
        decorating.push({ job, prefix });
        decorations.push(part);
      }
    }
    const decorate = graphqlDocument(
      'mutation',
      'DatastoresDecoratePullRequest',
      decorations,
    );
    if (decorate) {
      const who = decorating.map(d => d.job);
      for (const job of who) job.step = 'add labels and request reviews';
      try {
        const res = await round(
          () => client.graphql(decorate.query, decorate.variables),
          who,
        );
        const unplaced = res.errors.filter(e => !e.path?.length);
        for (const { job, prefix } of decorating) {
          const mine = [...errorsOf(res.errors, prefix), ...unplaced];
          if (mine.length) fail(job, graphqlFailure(mine).error);
        }
      } catch (error) {
        for (const job of who) fail(job, error);
      }
    }

    for (const job of pending) {
      if (job.error || job.result || job.stale || !job.pullRequest) continue;
      job.result = {
        url: job.pullRequest.url,
        number: job.pullRequest.number,
        headSha: job.headSha!,
      };
    }
  }
  for (const job of jobs) {
    if (!job.error && !job.result) {
      fail(
        job,
        new RetriesExhausted(
          new GithubApiError(
            `the branch "${job.request.branch}" kept moving while it was written`,
            200,
            true,
          ),
          STALE_ATTEMPTS,
          0,
          `gave up after ${STALE_ATTEMPTS} attempts`,
        ),
      );
    }
  }
  return client.calls;
}

/**
 * Opens or updates every request's pull request. Requests to the same host and owner share one
 * client and go in the same three round trips (two with no labels or reviewers); each request
 * has its own outcome: one repository failing leaves the others' pull requests standing.
 */
export async function openPullRequests(
  requests: PullRequestRequest[],
  options: BatchOptions,
  validate: (request: PullRequestRequest) => void,
): Promise<{ outcomes: PullRequestOutcome[]; calls: number }> {
  const jobs: Job[] = requests.map(request => {
    const coordinates = parseRepoCoordinates(request.repo, options.defaultHost);
    return {
      request,
      coordinates,
      repoName: `${coordinates.owner}/${coordinates.name}`,
      input: {
        repo: coordinates,
        baseBranch: request.baseBranch,
        branch: request.branch,
        paths: Object.keys(request.files ?? {}).sort(),
        labels: [...new Set(request.labels ?? [])],
        reviewers: [...new Set(request.reviewers ?? [])],
        teamReviewers: [...new Set(request.teamReviewers ?? [])],
      },
      progress: {},
      step: 'start',
      created: false,
      committed: false,
    };
  });
  for (const job of jobs) {
    try {
      validate(job.request);
    } catch (error) {
      job.error = error as Error;
    }
  }
  const groups = new Map<string, Job[]>();
  for (const job of jobs.filter(j => !j.error)) {
    const key =
      `${job.coordinates.host}/${job.coordinates.owner}`.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  const calls = await Promise.all(
    [...groups.values()].map(group => runGroup(group, options)),
  );
  const callsOf = new Map<Job, number>();
  [...groups.values()].forEach((group, i) =>
    group.forEach(job => callsOf.set(job, calls[i])),
  );
  const outcomes = jobs.map((job): PullRequestOutcome => {
    if (job.error || !job.result) {
      return { ok: false, repo: job.request.repo, error: job.error! };
    }
    options.logger?.info(
      `GitHub ${job.repoName}: pull request ${job.result.url} ${
        (job.result.alreadyMerged && 'already merged, nothing to do') ||
        (job.created ? 'opened' : 'up to date')
      }${job.committed ? ', files committed' : ''}`,
    );
    return {
      ok: true,
      repo: job.request.repo,
      result: {
        ...job.result,
        branch: job.request.branch,
        created: job.created,
        committed: job.committed,
        calls: callsOf.get(job) ?? 0,
      },
    };
  });
  return { outcomes, calls: calls.reduce((a, b) => a + b, 0) };
}
