import { createHash } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import { NothingToProposeError } from './errors';
import { MergedPullRequestSnapshot, RepoSnapshot } from './stateQuery';
import { PullRequestRequest } from './types';

/** Marks the commits the engine makes, so it can tell them from other people's. @public */
export const DEFAULT_COMMIT_MARKER = 'Datastores-Pull-Request-Engine: v1';

/** Git's blob id of a text: `sha1("blob <bytes>\0<content>")`. @public */
export function gitBlobSha(content: string): string {
  const buffer = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${buffer.length}\0`)
    .update(buffer)
    .digest('hex');
}

export interface PullRequestPlan {
  /**
   * Set when there is nothing to do: no pull request is open and the base already holds every
   * file, because the branch's pull request was merged (a re-run after merge is a no-op).
   */
  alreadyMerged?: MergedPullRequestSnapshot;
  createBranch: boolean;
  /**
   * Point the branch back at the base before committing: it is the branch of a merged pull
   * request that nobody moved since, so everything on it is in the base already and a changed
   * request starts a new pull request from a fresh branch.
   */
  resetBranch: boolean;
  /** Files to write (those whose content differs from the branch's), sorted by path. */
  additions: Array<{ path: string; contents: string }>;
  /** Files to delete (those asked `null` that the branch still holds), sorted. */
  deletions: string[];
  /** The commit the branch must still point to when committing. */
  expectedHeadOid: string;
  createPullRequest: boolean;
  /** Title/body changes of the open pull request. */
  updatePullRequest?: { title: string; body: string };
}

/** The commit message the engine writes: headline, then the marker as a trailer. */
export function commitMessage(request: PullRequestRequest, marker: string) {
  return { headline: request.commitMessage ?? request.title, body: marker };
}

/**
 * Decides what to do, from the request and what the repository holds. Throws a
 * `ConflictError` naming the files that someone else changed on the branch.
 */
export function planPullRequest(
  request: PullRequestRequest,
  snapshot: RepoSnapshot,
  marker: string = DEFAULT_COMMIT_MARKER,
): PullRequestPlan {
  const pr = snapshot.head?.pullRequest;
  // The blob each path must end as; undefined: the path must not exist.
  const wanted = (path: string) => {
    const contents = request.files[path];
    return contents === null ? undefined : gitBlobSha(contents);
  };
  if (!pr && snapshot.files.every(f => f.baseOid === wanted(f.path))) {
    if (snapshot.merged) {
      return {
        alreadyMerged: snapshot.merged,
        createBranch: false,
        resetBranch: false,
        additions: [],
        deletions: [],
        expectedHeadOid: snapshot.head?.oid ?? snapshot.baseOid,
        createPullRequest: false,
      };
    }
    throw new NothingToProposeError(
      `${snapshot.nameWithOwner}@${snapshot.baseBranch} already holds these files: there is nothing to propose`,
    );
  }
  const resetBranch =
    !!snapshot.head && !pr && snapshot.merged?.headRefOid === snapshot.head.oid;
  // The branch the files are compared with and committed on (a reset branch starts at the base).
  const head = resetBranch ? undefined : snapshot.head;
  const additions: PullRequestPlan['additions'] = [];
  const deletions: string[] = [];
  const conflicts: string[] = [];
  for (const file of snapshot.files) {
    const contents = request.files[file.path];
    if ((head ? file.headOid : file.baseOid) === wanted(file.path)) continue;
    if (head && file.headOid !== file.baseOid) {
      const last = file.headLastCommit;
      const ours = !!last && last.message.includes(marker);
      const fromBase = !!last && file.baseHistory.includes(last.oid);
      if (last && !ours && !fromBase) conflicts.push(file.path);
    }
    if (contents === null) deletions.push(file.path);
    else additions.push({ path: file.path, contents });
  }
  if (conflicts.length) {
    throw new ConflictError(
      `Branch "${request.branch}" of ${
        snapshot.nameWithOwner
      } has changes by someone else to ${conflicts
        .map(p => `"${p}"`)
        .join(
          ', ',
        )}; refusing to overwrite them. Merge or revert their commits, or use another branch.`,
    );
  }
  additions.sort((a, b) => a.path.localeCompare(b.path));
  deletions.sort();
  const body = request.body ?? '';
  return {
    createBranch: !snapshot.head,
    resetBranch,
    additions,
    deletions,
    expectedHeadOid: head?.oid ?? snapshot.baseOid,
    createPullRequest: !pr,
    updatePullRequest:
      pr && (pr.title !== request.title || pr.body !== body)
        ? { title: request.title, body }
        : undefined,
  };
}
