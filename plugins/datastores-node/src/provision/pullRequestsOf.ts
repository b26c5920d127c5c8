import {
  Target,
  TARGETS,
  validatePullRequestOptions,
} from '@datastores/plugin-datastores-common';
import { DatastoresConfig } from '../config';
import { PullRequestRequest } from '../github/types';

/**
 * One target repo's part of an operation: its files (null: delete), title and body.
 * @public
 */
export interface TargetChange {
  target: Target;
  files: Record<string, string | null>;
  title: string;
  body: string;
  /** Labels besides `datastores` and the user's (e.g. the strategy, `decommission`). */
  labels: string[];
}

/**
 * The files of one target repo, by path (null: delete), as a {@link TargetChange} takes them.
 * @public
 */
export function filesOf(
  files: ReadonlyArray<{
    target: Target;
    path: string;
    content: string | null;
  }>,
  target: Target,
): Record<string, string | null> {
  return Object.fromEntries(
    files.filter(f => f.target === target).map(f => [f.path, f.content]),
  );
}

/**
 * The pull requests of one operation, one per target repo that has files, on `branch`, with
 * the user's reviewers, teams, labels and draft flag.
 * @public
 */
export function pullRequestsOf(
  changes: TargetChange[],
  config: DatastoresConfig,
  branch: string,
  options: ReturnType<typeof validatePullRequestOptions>,
): Array<PullRequestRequest & { target: Target }> {
  return TARGETS.flatMap(target =>
    changes
      .filter(c => c.target === target && Object.keys(c.files).length)
      .map(change => {
        const { repoUrl, baseBranch } = config.targets[target];
        return {
          target,
          repo: repoUrl,
          baseBranch,
          branch,
          files: change.files,
          title: change.title,
          body: change.body,
          labels: [
            ...new Set(['datastores', ...change.labels, ...options.labels]),
          ],
          reviewers: options.reviewers,
          teamReviewers: options.teamReviewers,
          draft: options.draft,
        };
      }),
  );
}
