export { createPullRequestEngine } from './engine';
export { pullRequestEngineServiceRef } from './pullRequestEngineService';
export { githubCredentialsProblem } from './credentials';
export type {
  EngineLogger,
  PullRequestEngine,
  PullRequestEngineOptions,
} from './engine';
export type {
  ChecksState,
  PullRequestOutcome,
  PullRequestRequest,
  PullRequestResult,
  PullRequestState,
  PullRequestStatus,
  PullRequestSummary,
  RepoCoordinates,
} from './types';
export type { RetryClock, RetryOptions } from './retry';
export {
  GithubApiError,
  NothingToProposeError,
  PullRequestStepError,
} from './errors';
export type { PullRequestProgress } from './errors';
export { combineChecks } from './checks';
export type { PullRequestStatusOutcome } from './pullRequestStatuses';
export { STATUSES_PER_QUERY } from './pullRequestStatuses';
export type { CheckContext } from './checks';
export {
  parseRepoCoordinates,
  repoFileUrl,
  repoWebUrl,
} from './repoCoordinates';
export { DEFAULT_COMMIT_MARKER, gitBlobSha } from './plan';
