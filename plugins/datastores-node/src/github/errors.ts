import { CustomErrorBase, InputError } from '@backstage/errors';

/** An HTTP or GraphQL failure of one GitHub call. @public */
export class GithubApiError extends CustomErrorBase {
  name = 'GithubApiError' as const;
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    cause?: unknown,
    /** Why it was not retried further ("gave up after 3 attempts"), when it was retried. */
    readonly gaveUp?: string,
  ) {
    super(message, cause);
  }
}

/** What a failed run had already achieved, for the error message. @public */
export interface PullRequestProgress {
  branchExists?: boolean;
  headSha?: string;
  commitSha?: string;
  pullRequestUrl?: string;
}

export function describeProgress(branch: string, p: PullRequestProgress) {
  const done: string[] = [];
  if (p.branchExists) {
    done.push(
      `branch "${branch}" exists${
        p.headSha ? ` at ${p.headSha.slice(0, 7)}` : ''
      }`,
    );
  } else {
    done.push(`branch "${branch}" not created`);
  }
  if (p.commitSha) done.push(`commit ${p.commitSha.slice(0, 7)} pushed`);
  done.push(
    p.pullRequestUrl
      ? `pull request ${p.pullRequestUrl}`
      : 'no pull request open',
  );
  return done.join('; ');
}

/** The final failure of a run, naming the repository, the failed step and what already exists. @public */
export class PullRequestStepError extends CustomErrorBase {
  name = 'PullRequestStepError' as const;
  constructor(
    readonly repo: string,
    readonly step: string,
    readonly progress: PullRequestProgress,
    message: string,
    cause?: unknown,
  ) {
    // The message already holds the cause's; keep it as a property only.
    super(message);
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

/**
 * The base branch already holds every file of the request and nothing is open or merged on
 * its branch: there is nothing to propose. An `InputError`, so a caller that wants a pull
 * request says so; a change touching several repos skips the ones it leaves as they are.
 * @public
 */
export class NothingToProposeError extends InputError {}
