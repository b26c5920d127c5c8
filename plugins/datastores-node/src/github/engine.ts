import { InputError, NotFoundError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { GithubClient } from './client';
import { githubClientFor } from './credentials';
import {
  describeProgress,
  GithubApiError,
  PullRequestProgress,
  PullRequestStepError,
} from './errors';
import { openPullRequests as openBatch } from './openPullRequests';
import { DEFAULT_COMMIT_MARKER } from './plan';
import {
  PullRequestStatusOutcome,
  readPullRequestStatuses,
} from './pullRequestStatuses';
import { parseRepoCoordinates } from './repoCoordinates';
import {
  RetriesExhausted,
  RetryClock,
  RetryOptions,
  systemClock,
  withRetries,
} from './retry';
import {
  PullRequestOutcome,
  PullRequestRequest,
  PullRequestResult,
  PullRequestState,
  PullRequestSummary,
  PullRequestStatus,
  RepoCoordinates,
} from './types';

/** The logger subset the engine uses (Backstage's `LoggerService` fits). @public */
export interface EngineLogger {
  info(message: string, meta?: object): void;
  warn(message: string, meta?: object): void;
}

/** @public */
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

/** @public */
export interface PullRequestEngine {
  /** Leaves exactly one open pull request whose branch holds `request.files`. */
  openPullRequest(request: PullRequestRequest): Promise<PullRequestResult>;
  /**
   * {@link PullRequestEngine.openPullRequest} for several requests at once: those to the same
   * host and owner share three round trips (two without labels or reviewers), whatever their
   * number. Each has its own outcome, in the order given; `calls` counts them all.
   */
  openPullRequests(
    requests: PullRequestRequest[],
  ): Promise<{ outcomes: PullRequestOutcome[]; calls: number }>;
  /** State (open, merged, closed) and combined checks of a pull request. */
  getPullRequestStatus(options: {
    repo: string;
    number: number;
  }): Promise<PullRequestStatus>;
  /**
   * {@link PullRequestEngine.getPullRequestStatus} for many pull requests: fifty to a GraphQL
   * query per host and owner. Each has its own outcome, in the order given.
   */
  getPullRequestStatuses(
    refs: Array<{ repo: string; number: number }>,
  ): Promise<PullRequestStatusOutcome[]>;
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

/** @public */
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

  async function openPullRequests(requests: PullRequestRequest[]) {
    return openBatch(
      requests,
      {
        ...options,
        clock,
        marker,
      },
      validate,
    );
  }

  async function openPullRequest(
    request: PullRequestRequest,
  ): Promise<PullRequestResult> {
    const {
      outcomes: [outcome],
    } = await openPullRequests([request]);
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  async function getPullRequestStatuses(
    refs: Array<{ repo: string; number: number }>,
  ): Promise<PullRequestStatusOutcome[]> {
    const parsed = refs.map(ref => ({
      coordinates: parseRepoCoordinates(ref.repo, options.defaultHost),
      number: ref.number,
    }));
    const groups = new Map<string, number[]>();
    parsed.forEach((ref, i) => {
      const key =
        `${ref.coordinates.host}/${ref.coordinates.owner}`.toLowerCase();
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const outcomes: PullRequestStatusOutcome[] = new Array(refs.length);
    await Promise.all(
      [...groups.values()].map(async indexes => {
        const mine = indexes.map(i => parsed[i]);
        const { owner, host } = mine[0].coordinates;
        try {
          const client = await githubClientFor(mine[0].coordinates, options);
          const retried = <T>(fn: () => Promise<T>) =>
            withRetries(fn, options.retry, clock, (error, delay, attempt) =>
              options.logger?.warn(
                `GitHub ${host}/${owner}: reading ${
                  mine.length
                } pull request(s) failed (attempt ${attempt}): ${
                  (error as Error).message
                }; retrying in ${delay} ms`,
              ),
            );
          const read = await readPullRequestStatuses(client, mine, retried);
          read.forEach((outcome, k) => (outcomes[indexes[k]] = outcome));
        } catch (error) {
          const exhausted =
            error instanceof RetriesExhausted ? error : undefined;
          const cause = (exhausted?.lastError ?? error) as Error;
          const gaveUp =
            exhausted?.reason ??
            (cause instanceof GithubApiError ? cause.gaveUp : undefined);
          for (const i of indexes) {
            const { coordinates, number } = parsed[i];
            outcomes[i] = {
              ok: false,
              error:
                cause instanceof GithubApiError
                  ? new PullRequestStepError(
                      `${coordinates.owner}/${coordinates.name}`,
                      `read pull request #${number}`,
                      {},
                      `GitHub ${coordinates.owner}/${
                        coordinates.name
                      }: read pull request #${number} failed${
                        gaveUp ? ` (${gaveUp})` : ''
                      }: ${cause.message}`,
                      cause,
                    )
                  : cause,
            };
          }
        }
      }),
    );
    return outcomes;
  }

  async function getPullRequestStatus(opts: {
    repo: string;
    number: number;
  }): Promise<PullRequestStatus> {
    const [outcome] = await getPullRequestStatuses([opts]);
    if (!outcome.ok) throw outcome.error;
    return outcome.status;
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
      nodes { number url state body headRefName createdAt author { login } }
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
          createdAt: pr.createdAt,
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
    openPullRequests,
    getPullRequestStatus,
    getPullRequestStatuses,
    listPullRequests,
    viewerLogin,
  };
}
