import { PullRequestPlan } from './plan';
import { RepoSnapshot } from './stateQuery';
import { PullRequestRequest } from './types';

/**
 * One GraphQL document applying a plan, in order: create the branch, commit every changed file,
 * open (or update) the pull request. Undefined when there is nothing to do.
 */
export function buildApplyMutation(
  plan: PullRequestPlan,
  snapshot: RepoSnapshot,
  request: PullRequestRequest,
  message: { headline: string; body: string },
) {
  const parts: string[] = [];
  const defs: string[] = [];
  const variables: Record<string, unknown> = {};
  if (plan.createBranch) {
    defs.push('$createRef: CreateRefInput!');
    variables.createRef = {
      repositoryId: snapshot.repositoryId,
      name: `refs/heads/${request.branch}`,
      oid: snapshot.baseOid,
    };
    parts.push('createRef(input: $createRef) { ref { name target { oid } } }');
  }
  if (plan.resetBranch) {
    defs.push('$reset: UpdateRefInput!');
    variables.reset = {
      refId: snapshot.head!.id,
      oid: snapshot.baseOid,
      force: true,
    };
    parts.push('updateRef(input: $reset) { ref { name target { oid } } }');
  }
  if (plan.additions.length) {
    defs.push('$commit: CreateCommitOnBranchInput!');
    variables.commit = {
      branch: {
        repositoryNameWithOwner: snapshot.nameWithOwner,
        branchName: request.branch,
      },
      expectedHeadOid: plan.expectedHeadOid,
      message,
      fileChanges: {
        additions: plan.additions.map(a => ({
          path: a.path,
          contents: Buffer.from(a.contents, 'utf8').toString('base64'),
        })),
      },
    };
    parts.push('createCommitOnBranch(input: $commit) { commit { oid } }');
  }
  if (plan.createPullRequest) {
    defs.push('$pull: CreatePullRequestInput!');
    variables.pull = {
      repositoryId: snapshot.repositoryId,
      baseRefName: snapshot.baseBranch,
      headRefName: request.branch,
      title: request.title,
      body: request.body ?? '',
      draft: request.draft ?? false,
    };
    parts.push(
      'createPullRequest(input: $pull) { pullRequest { id number url } }',
    );
  } else if (plan.updatePullRequest) {
    defs.push('$update: UpdatePullRequestInput!');
    variables.update = {
      pullRequestId: snapshot.head!.pullRequest!.id,
      ...plan.updatePullRequest,
    };
    parts.push('updatePullRequest(input: $update) { pullRequest { id } }');
  }
  if (!parts.length) return undefined;
  return {
    query: `mutation DatastoresApplyPullRequest(${defs.join(
      ', ',
    )}) {\n  ${parts.join('\n  ')}\n}`,
    variables,
  };
}

/** Labels to add and reviewers to request on the pull request. */
export interface Decoration {
  /** Every requested label the pull request lacks. */
  missingLabels: string[];
  /** Missing labels that exist in the repository: added through GraphQL. */
  labelIds: string[];
  /** Missing labels the repository lacks: added (and created) through REST. */
  labelsToCreate: string[];
  userIds: string[];
  teamIds: string[];
  /** Reviewers or teams GitHub does not know. */
  unknownReviewers: string[];
}

export function planDecoration(
  request: PullRequestRequest,
  snapshot: RepoSnapshot,
  current: { labels: string[]; reviewers: string[]; teamReviewers: string[] },
  requestReviewers: boolean,
): Decoration {
  const have = new Set(current.labels.map(l => l.toLowerCase()));
  const missing = [...new Set(request.labels ?? [])].filter(
    l => !have.has(l.toLowerCase()),
  );
  const decoration: Decoration = {
    missingLabels: missing,
    labelIds: [],
    labelsToCreate: [],
    userIds: [],
    teamIds: [],
    unknownReviewers: [],
  };
  for (const label of missing) {
    const id = snapshot.labelIds[label];
    if (id) decoration.labelIds.push(id);
    else decoration.labelsToCreate.push(label);
  }
  if (requestReviewers) {
    for (const login of new Set(request.reviewers ?? [])) {
      if (current.reviewers.includes(login)) continue;
      const id = snapshot.userIds[login];
      if (id) decoration.userIds.push(id);
      else decoration.unknownReviewers.push(login);
    }
    for (const [key, id] of Object.entries(snapshot.teamIds)) {
      if (current.teamReviewers.includes(key.split('/')[1])) continue;
      if (id) decoration.teamIds.push(id);
      else decoration.unknownReviewers.push(key);
    }
  }
  return decoration;
}

/** The GraphQL part of a decoration (labels that exist, reviewers), or undefined. */
export function buildDecorationMutation(
  pullRequestId: string,
  decoration: Decoration,
) {
  const parts: string[] = [];
  const defs: string[] = [];
  const variables: Record<string, unknown> = {};
  if (decoration.labelIds.length && !decoration.labelsToCreate.length) {
    defs.push('$labels: AddLabelsToLabelableInput!');
    variables.labels = {
      labelableId: pullRequestId,
      labelIds: decoration.labelIds,
    };
    parts.push('addLabelsToLabelable(input: $labels) { clientMutationId }');
  }
  if (decoration.userIds.length || decoration.teamIds.length) {
    defs.push('$reviews: RequestReviewsInput!');
    variables.reviews = {
      pullRequestId,
      userIds: decoration.userIds,
      teamIds: decoration.teamIds,
      union: true,
    };
    parts.push('requestReviews(input: $reviews) { clientMutationId }');
  }
  if (!parts.length) return undefined;
  return {
    query: `mutation DatastoresDecoratePullRequest(${defs.join(
      ', ',
    )}) {\n  ${parts.join('\n  ')}\n}`,
    variables,
  };
}
