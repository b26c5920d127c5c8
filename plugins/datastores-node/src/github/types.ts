/**
 * What the engine should leave behind: one open pull request whose branch holds `files` (a
 * path mapped to `null` must not exist: the engine deletes it where it exists).
 * @public
 */
export interface PullRequestRequest {
  /** `owner/name`, `https://host/owner/name`, `host/owner/name` or Backstage's `host?owner=o&repo=r`. */
  repo: string;
  /** Branch the pull request targets; the repository's default branch when omitted. */
  baseBranch?: string;
  /** Branch holding the changes (created from the base branch when missing). */
  branch: string;
  /** path → content (UTF-8 text), or `null` to delete it. Paths relative to the repository root. */
  files: Record<string, string | null>;
  title: string;
  body?: string;
  /** First line of the commit; the title when omitted. */
  commitMessage?: string;
  labels?: string[];
  /** User logins. Requested when the pull request is created. */
  reviewers?: string[];
  /** Team slugs, `slug` (in the repository's organization) or `org/slug`. */
  teamReviewers?: string[];
  draft?: boolean;
}

/** @public */
export interface PullRequestResult {
  url: string;
  number: number;
  branch: string;
  /** Whether this call opened the pull request (false: it was already open). */
  created: boolean;
  /** Whether this call pushed a commit (false: the branch already held the files). */
  committed: boolean;
  /** The branch's head commit after the call. */
  headSha: string;
  /**
   * HTTP requests made to GitHub by this call, retries included; in a batch, those of every
   * request it shared its round trips with.
   */
  calls: number;
  /**
   * True when nothing was open and the base already held every file because the branch's pull
   * request was merged: `url` and `number` are that merged pull request's, and nothing changed.
   */
  alreadyMerged?: boolean;
}

/**
 * What became of one request of a batch: its pull request, or why not (a
 * `PullRequestStepError` naming the repository, the step and what exists, for GitHub's failures).
 * @public
 */
export type PullRequestOutcome =
  | { ok: true; repo: string; result: PullRequestResult }
  | { ok: false; repo: string; error: Error };

/** @public */
export type PullRequestState = 'open' | 'merged' | 'closed';
/** @public */
export type ChecksState = 'success' | 'failure' | 'pending' | 'none';

/** @public */
export interface PullRequestStatus {
  url: string;
  number: number;
  state: PullRequestState;
  checks: ChecksState;
  headSha: string;
  /** When it was merged (ISO 8601). */
  mergedAt?: string;
  /** The commit its merge made on the base, and that commit's check runs. */
  mergeCommit?: {
    sha: string;
    checkRuns: Array<{
      name: string;
      /** `queued`, `in_progress`, `completed`, ... (GraphQL's, lower case). */
      status: string;
      /** Once completed: `success`, `failure`, `cancelled`, ... */
      conclusion?: string;
    }>;
  };
}

/** @public */
export interface RepoCoordinates {
  host: string;
  owner: string;
  name: string;
}

/** A pull request as listed, with its body (where the request marker is). @public */
export interface PullRequestSummary {
  url: string;
  number: number;
  state: PullRequestState;
  body: string;
  branch: string;
  /** When it was opened (ISO 8601). */
  createdAt: string;
  /**
   * Who opened it, as GraphQL spells it (an app's login has no `[bot]` suffix); undefined when
   * the account is gone.
   */
  author?: string;
}
