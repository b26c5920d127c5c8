import { InputError, NotFoundError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { combineChecks, CheckContext } from './checks';
import { GithubClient } from './client';
import { githubClientFor } from './credentials';
import {
  describeProgress,
  GithubApiError,
  PullRequestProgress,
  PullRequestStepError,
} from './errors';
import {
  buildApplyMutation,
  buildDecorationMutation,
  planDecoration,
} from './mutations';
import { commitMessage, DEFAULT_COMMIT_MARKER, planPullRequest } from './plan';
import { parseRepoCoordinates } from './repoCoordinates';
import {
  RetriesExhausted,
  RetryClock,
  RetryOptions,
  systemClock,
  withRetries,
} from './retry';
import {
  buildStateQuery,
  parseStateResponse,
  StateQueryInput,
} from './stateQuery';
import {
  PullRequestRequest,
  PullRequestResult,
  PullRequestState,
  PullRequestSummary,
  PullRequestStatus,
  RepoCoordinates,
} from './types';

/** The logger subset the engine uses (Backstage's `LoggerService` fits). */
export interface EngineLogger {
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
}

export interface PullRequestEngineOptions {
  integrations: ScmIntegrationRegistry;
  credentialsProvider: GithubCredentialsProvider;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  logger?: EngineLogger;
  /** Trailer that marks the engine's commits (default {@link DEFAULT_COMMIT_MARKER}). */
  commitMarker?: string;
  /** Host for repositories given as `owner/name` (default github.com). */
  defaultHost?: string;
  /** Time source for the retries (tests). */
  clock?: RetryClock;
}

export interface PullRequestEngine {
  /** Leaves exactly one open pull request whose branch holds `request.files`. */
  openPullRequest(request: PullRequestRequest): Promise<PullRequestResult>;
  /** State (open, merged, closed) and combined checks of a pull request. */
  getPullRequestStatus(options: {
    repo: string;
    number: number;
  }): Promise<PullRequestStatus>;
  /**
   * The last 100 pull requests (open, merged or closed) that carry `label`, with their bodies:
   * how the backend rediscovers requests from their markers.
   */
  listPullRequests(options: {
    repo: string;
    label: string;
  }): Promise<PullRequestSummary[]>;
  /**
   * The login the engine's credentials act as on a repository's host (a token's user; GitHub
   * Apps' installation tokens may not answer it: configure the app's login instead).
   */
  viewerLogin(options: { repo: string }): Promise<string>;
}

/** Something went wrong inside a GraphQL answer (HTTP 200 with `errors`). */
function graphqlFailure(errors: Array<{ type?: string; message: string }>) {
  const stale = errors.some(
    e =>
      e.type === 'STALE_DATA' || /Expected branch to point to/.test(e.message),
  );
  return new GithubApiError(
    errors
      .map(e => (e.type ? `${e.type}: ${e.message}` : e.message))
      .join('; '),
    200,
    // The branch moved between our read and our write: read again and re-plan.
    stale,
    stale ? 0 : undefined,
  );
}

function validate(request: PullRequestRequest) {
  const paths = Object.keys(request.files ?? {});
  if (!paths.length)
    throw new InputError('A pull request needs at least one file');
  for (const path of paths) {
    if (
      path.startsWith('/') ||
      path.split('/').some(s => s === '' || s === '.' || s === '..')
    ) {
      throw new InputError(`Invalid file path "${path}"`);
    }
  }
  if (!request.branch || request.branch === request.baseBranch) {
    throw new InputError(
      'The pull request branch must be set and differ from the base branch',
    );
  }
  if (!request.title) throw new InputError('A pull request needs a title');
}

export function createPullRequestEngine(
  options: PullRequestEngineOptions,
): PullRequestEngine {
  const marker = options.commitMarker ?? DEFAULT_COMMIT_MARKER;
  const clock = options.clock ?? systemClock;

  async function run<T>(
    coordinates: RepoCoordinates,
    branch: string,
    progress: PullRequestProgress,
    body: (client: GithubClient, setStep: (step: string) => void) => Promise<T>,
  ): Promise<T> {
    const client = await githubClientFor(coordinates, options);
    const repoName = `${coordinates.owner}/${coordinates.name}`;
    let step = 'start';
    try {
      return await withRetries(
        () => body(client, s => (step = s)),
        options.retry,
        clock,
        (error, delay, attempt) =>
          options.logger?.warn(
            `GitHub ${repoName}: ${step} failed (attempt ${attempt}): ${
              (error as Error).message
            }; retrying in ${delay} ms`,
          ),
      );
    } catch (error) {
      const exhausted = error instanceof RetriesExhausted ? error : undefined;
      const cause = exhausted ? exhausted.lastError : error;
      if (!(cause instanceof GithubApiError)) throw cause;
      const gaveUp = exhausted?.reason ?? cause.gaveUp;
      const how = gaveUp ? ` (${gaveUp})` : '';
      throw new PullRequestStepError(
        repoName,
        step,
        { ...progress },
        `GitHub ${repoName}: ${step} failed${how}: ${
          cause.message
        }. State: ${describeProgress(branch, progress)}`,
        cause,
      );
    }
  }

  async function openPullRequest(
    request: PullRequestRequest,
  ): Promise<PullRequestResult> {
    validate(request);
    const coordinates = parseRepoCoordinates(request.repo, options.defaultHost);
    const progress: PullRequestProgress = {};
    let created = false;
    let committed = false;
    let calls = 0;
    const input: StateQueryInput = {
      repo: coordinates,
      baseBranch: request.baseBranch,
      branch: request.branch,
      paths: Object.keys(request.files).sort(),
      labels: [...new Set(request.labels ?? [])],
      reviewers: [...new Set(request.reviewers ?? [])],
      teamReviewers: [...new Set(request.teamReviewers ?? [])],
    };
    const result = await run(
      coordinates,
      request.branch,
      progress,
      async (client, setStep) => {
        try {
          setStep('read the repository state');
          const { query, variables } = buildStateQuery(input);
          const state = await client.graphql(query, variables);
          const snapshot = parseStateResponse(input, state.data);
          if (!snapshot) {
            const why = state.errors.map(e => e.message).join('; ');
            throw new NotFoundError(
              `GitHub ${coordinates.owner}/${
                coordinates.name
              }: repository or base branch "${
                request.baseBranch ?? '(default)'
              }" not found${why ? `: ${why}` : ''}`,
            );
          }
          progress.branchExists = !!snapshot.head;
          progress.headSha = snapshot.head?.oid;
          progress.pullRequestUrl =
            snapshot.head?.pullRequest?.url ?? progress.pullRequestUrl;

          const plan = planPullRequest(request, snapshot, marker);
          if (plan.alreadyMerged) {
            return {
              url: plan.alreadyMerged.url,
              number: plan.alreadyMerged.number,
              headSha: snapshot.baseOid,
              alreadyMerged: true,
            };
          }
          let headSha = snapshot.head?.oid ?? snapshot.baseOid;
          let pr = snapshot.head?.pullRequest
            ? { ...snapshot.head.pullRequest }
            : undefined;
          const apply = buildApplyMutation(
            plan,
            snapshot,
            request,
            commitMessage(request, marker),
          );
          if (apply) {
            setStep(
              [
                plan.createBranch && 'create the branch',
                plan.resetBranch && 'start the merged branch afresh',
                plan.additions.length &&
                  `commit ${plan.additions.length} file(s)`,
                plan.createPullRequest && 'open the pull request',
                plan.updatePullRequest && 'update the pull request',
              ]
                .filter(Boolean)
                .join(', '),
            );
            const res = await client.graphql(apply.query, apply.variables);
            const data = res.data ?? {};
            const ref = data.createRef?.ref ?? data.updateRef?.ref;
            if (ref) {
              progress.branchExists = true;
              progress.headSha = ref.target?.oid;
            }
            const commitOid = data.createCommitOnBranch?.commit?.oid;
            if (commitOid) {
              progress.commitSha = commitOid;
              progress.headSha = commitOid;
              headSha = commitOid;
              committed = true;
            }
            const newPr = data.createPullRequest?.pullRequest;
            if (newPr) {
              progress.pullRequestUrl = newPr.url;
              pr = { ...newPr, labels: [], reviewers: [], teamReviewers: [] };
              created = true;
            }
            if (res.errors.length) throw graphqlFailure(res.errors);
          }
          if (!pr)
            throw new GithubApiError(
              'no pull request after applying the plan',
              undefined,
              false,
            );

          const decoration = planDecoration(request, snapshot, pr, created);
          if (decoration.unknownReviewers.length) {
            options.logger?.warn(
              `GitHub ${
                snapshot.nameWithOwner
              }: unknown reviewers ${decoration.unknownReviewers.join(
                ', ',
              )} were not requested`,
            );
          }
          if (decoration.labelsToCreate.length) {
            setStep('add labels');
            await client.rest(
              'POST',
              `/repos/${coordinates.owner}/${coordinates.name}/issues/${pr.number}/labels`,
              {
                labels: decoration.missingLabels,
              },
            );
            pr.labels = [...pr.labels, ...decoration.missingLabels];
          }
          const decorate = buildDecorationMutation(pr.id, decoration);
          if (decorate) {
            setStep('add labels and request reviews');
            const res = await client.graphql(
              decorate.query,
              decorate.variables,
            );
            if (res.errors.length) throw graphqlFailure(res.errors);
          }
          return { url: pr.url, number: pr.number, headSha };
        } finally {
          calls = client.calls;
        }
      },
    );
    options.logger?.info(
      `GitHub ${coordinates.owner}/${coordinates.name}: pull request ${
        result.url
      } ${
        (result.alreadyMerged && 'already merged, nothing to do') ||
        (created ? 'opened' : 'up to date')
      }${committed ? ', files committed' : ''} (${calls} calls)`,
    );
    return { ...result, branch: request.branch, created, committed, calls };
  }

  async function getPullRequestStatus(opts: {
    repo: string;
    number: number;
  }): Promise<PullRequestStatus> {
    const coordinates = parseRepoCoordinates(opts.repo, options.defaultHost);
    return run(coordinates, `#${opts.number}`, {}, async (client, setStep) => {
      setStep(`read pull request #${opts.number}`);
      const res = await client.graphql(
        `query DatastoresPullRequestStatus($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      url number state headRefOid
      commits(last: 1) { nodes { commit { oid statusCheckRollup { contexts(first: 100) { nodes {
        __typename ... on CheckRun { status conclusion } ... on StatusContext { state } } } } } } }
    }
  }
}`,
        {
          owner: coordinates.owner,
          name: coordinates.name,
          number: opts.number,
        },
      );
      const pr = res.data?.repository?.pullRequest;
      if (!pr) {
        throw new NotFoundError(
          `GitHub ${coordinates.owner}/${coordinates.name}: pull request #${
            opts.number
          } not found${
            res.errors.length
              ? `: ${res.errors.map(e => e.message).join('; ')}`
              : ''
          }`,
        );
      }
      const commit = pr.commits?.nodes?.[0]?.commit;
      const contexts: CheckContext[] = (
        commit?.statusCheckRollup?.contexts?.nodes ?? []
      ).map((c: any) =>
        c.__typename === 'CheckRun'
          ? { kind: 'checkRun', status: c.status, conclusion: c.conclusion }
          : { kind: 'status', state: c.state },
      );
      return {
        url: pr.url,
        number: pr.number,
        state: String(pr.state).toLowerCase() as PullRequestState,
        checks: combineChecks(contexts),
        headSha: pr.headRefOid ?? commit?.oid,
      };
    });
  }

  async function listPullRequests(opts: {
    repo: string;
    label: string;
  }): Promise<PullRequestSummary[]> {
    const coordinates = parseRepoCoordinates(opts.repo, options.defaultHost);
    return run(
      coordinates,
      `label ${opts.label}`,
      {},
      async (client, setStep) => {
        setStep(`list pull requests labelled ${opts.label}`);
        const res = await client.graphql(
          `query DatastoresPullRequests($owner: String!, $name: String!, $labels: [String!]) {
  repository(owner: $owner, name: $name) {
    pullRequests(last: 100, labels: $labels, states: [OPEN, MERGED, CLOSED]) {
      nodes { number url state body headRefName author { login } }
    }
  }
}`,
          {
            owner: coordinates.owner,
            name: coordinates.name,
            labels: [opts.label],
          },
        );
        const nodes = res.data?.repository?.pullRequests?.nodes;
        if (!nodes) {
          throw new NotFoundError(
            `GitHub ${coordinates.owner}/${
              coordinates.name
            }: repository not found${
              res.errors.length
                ? `: ${res.errors.map(e => e.message).join('; ')}`
                : ''
            }`,
          );
        }
        return nodes.map((pr: any) => ({
          url: pr.url,
          number: pr.number,
          state: String(pr.state).toLowerCase() as PullRequestState,
          body: pr.body ?? '',
          branch: pr.headRefName,
          author: pr.author?.login ?? undefined,
        }));
      },
    );
  }

  async function viewerLogin(opts: { repo: string }): Promise<string> {
    const coordinates = parseRepoCoordinates(opts.repo, options.defaultHost);
    return run(coordinates, 'viewer', {}, async (client, setStep) => {
      setStep('read who the credentials belong to');
      const res = await client.graphql(
        'query DatastoresViewer { viewer { login } }',
        {},
      );
      const login = res.data?.viewer?.login;
      if (typeof login !== 'string' || !login) {
        throw new NotFoundError(
          `GitHub ${
            coordinates.host
          }: could not tell whose credentials these are${
            res.errors.length
              ? `: ${res.errors.map(e => e.message).join('; ')}`
              : ''
          }`,
        );
      }
      return login;
    });
  }

  return {
    openPullRequest,
    getPullRequestStatus,
    listPullRequests,
    viewerLogin,
  };
}
