import { PullRequestPlan } from './plan';
import { DocumentPart, RepoSnapshot } from './stateQuery';
import { PullRequestRequest } from './types';

/**
 * One repository's part of the mutation applying its plan, in order: create (or reset) the
 * branch, commit every changed file, open (or update) the pull request. Aliases and variables
 * start with `prefix`; GitHub runs a mutation's root fields one after the other, and one that
 * fails does not stop the others, so several repositories' parts make one document.
 */
export function applyPart(
  plan: PullRequestPlan,
  snapshot: RepoSnapshot,
  request: PullRequestRequest,
  message: { headline: string; body: string },
  prefix: string,
): DocumentPart {
  const fields: string[] = [];
  const defs: string[] = [];
  const variables: Record<string, unknown> = {};
  const add = (name: string, type: string, input: unknown, field: string) => {
    defs.push(`$${prefix}${name}: ${type}!`);
    variables[`${prefix}${name}`] = input;
    fields.push(
      `${prefix}${name}: ${field.replace('$input', `$${prefix}${name}`)}`,
    );
  };
  if (plan.createBranch) {
    add(
      'createRef',
      'CreateRefInput',
      {
        repositoryId: snapshot.repositoryId,
        name: `refs/heads/${request.branch}`,
        oid: snapshot.baseOid,
      },
      'createRef(input: $input) { ref { name target { oid } } }',
    );
  }
  if (plan.resetBranch) {
    add(
      'updateRef',
      'UpdateRefInput',
      { refId: snapshot.head!.id, oid: snapshot.baseOid, force: true },
      'updateRef(input: $input) { ref { name target { oid } } }',
    );
  }
  if (plan.additions.length || plan.deletions.length) {
    add(
      'commit',
      'CreateCommitOnBranchInput',
      {
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
          ...(plan.deletions.length && {
            deletions: plan.deletions.map(path => ({ path })),
          }),
        },
      },
      'createCommitOnBranch(input: $input) { commit { oid } }',
    );
  }
  if (plan.createPullRequest) {
    add(
      'pull',
      'CreatePullRequestInput',
      {
        repositoryId: snapshot.repositoryId,
        baseRefName: snapshot.baseBranch,
        headRefName: request.branch,
        title: request.title,
        body: request.body ?? '',
        draft: request.draft ?? false,
      },
      'createPullRequest(input: $input) { pullRequest { id number url } }',
    );
  } else if (plan.updatePullRequest) {
    add(
      'update',
      'UpdatePullRequestInput',
      {
        pullRequestId: snapshot.head!.pullRequest!.id,
        ...plan.updatePullRequest,
      },
      'updatePullRequest(input: $input) { pullRequest { id } }',
    );
  }
  return { defs, fields, variables };
}

/** GitHub's color for labels created without one (as the REST issues API does). */
const DEFAULT_LABEL_COLOR = 'ededed';

/**
 * Creates the labels a repository lacks, in the mutation that applies its plan, so that the
 * next one can add them to the pull request by id: `${prefix}label0`, `${prefix}label1`, ...
 */
export function labelsPart(
  repositoryId: string,
  names: string[],
  prefix: string,
): DocumentPart {
  const part: DocumentPart = { defs: [], fields: [], variables: {} };
  names.forEach((name, k) => {
    const alias = `${prefix}label${k}`;
    part.defs.push(`$${alias}: CreateLabelInput!`);
    part.variables[alias] = { repositoryId, name, color: DEFAULT_LABEL_COLOR };
    part.fields.push(
      `${alias}: createLabel(input: $${alias}) { label { id name } }`,
    );
  });
  return part;
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

/** One pull request's part of the decorating mutation (labels that exist, reviewers). */
export function decorationPart(
  pullRequestId: string,
  decoration: Decoration,
  prefix: string,
): DocumentPart {
  const fields: string[] = [];
  const defs: string[] = [];
  const variables: Record<string, unknown> = {};
  if (decoration.labelIds.length && !decoration.labelsToCreate.length) {
    defs.push(`$${prefix}labels: AddLabelsToLabelableInput!`);
    variables[`${prefix}labels`] = {
      labelableId: pullRequestId,
      labelIds: decoration.labelIds,
    };
    fields.push(
      `${prefix}labels: addLabelsToLabelable(input: $${prefix}labels) { clientMutationId }`,
    );
  }
  if (decoration.userIds.length || decoration.teamIds.length) {
    defs.push(`$${prefix}reviews: RequestReviewsInput!`);
    variables[`${prefix}reviews`] = {
      pullRequestId,
      userIds: decoration.userIds,
      teamIds: decoration.teamIds,
      union: true,
    };
    fields.push(
      `${prefix}reviews: requestReviews(input: $${prefix}reviews) { clientMutationId }`,
    );
  }
  return { defs, fields, variables };
}
