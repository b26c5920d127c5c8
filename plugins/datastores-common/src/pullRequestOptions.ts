import { InputError } from '@backstage/errors';
import type { FieldProblem } from './validation';

/**
 * What a provisioning request asks of its pull requests, once validated: who reviews them,
 * which labels they carry and whether they are drafts. Duplicates are dropped.
 * @public
 */
export interface PullRequestOptions {
  reviewers: string[];
  teamReviewers: string[];
  labels: string[];
  draft?: boolean;
}

/** The raw options, as they arrive from a template or an API call. @public */
export interface RawPullRequestOptions {
  reviewers?: unknown;
  teamReviewers?: unknown;
  labels?: unknown;
  draft?: unknown;
}

// The rules are GitHub's own:
// - A login (user or organization): GitHub's sign-up form says "Username may only contain
//   alphanumeric characters or single hyphens, and cannot begin or end with a hyphen", and
//   refuses more than 39 characters.
// - A team: requested by its slug (the REST API's `team_reviewers`, `GET /orgs/{org}/teams/
//   {team_slug}`), written `org/slug` in CODEOWNERS and mentions. GitHub derives the slug from
//   the team name: lower-case letters, digits, "-" and "_".
// - A label: GitHub refuses longer names with "name is too long (maximum is 50 characters)",
//   and its label filters (`labels=a,b` in the REST API, `label:a,b` in search) are comma
//   separated, so a label with a comma cannot be filtered by. Control characters, leading or
//   trailing whitespace and "${{" are refused too: a label is shown in the UI and reaches every
//   workflow that reads `github.event.pull_request.labels`, and a workflow that interpolates it
//   would evaluate a "${{ ... }}" in it.
// The template's form (templates/provision-datastore/template.yaml) has the same patterns.

/** The longest GitHub login. @public */
export const MAX_GITHUB_LOGIN_LENGTH = 39;
/** The longest GitHub team slug. @public */
export const MAX_GITHUB_TEAM_SLUG_LENGTH = 100;
/** The longest GitHub label name. @public */
export const MAX_GITHUB_LABEL_LENGTH = 50;

const LOGIN_PATTERN = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*$/;
const TEAM_SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
// C0 controls, DEL and C1 controls (Unicode category Cc), on purpose.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const EXPRESSION_OPENER = '${{';

const LOGIN_RULE =
  'a GitHub login: 1 to 39 ASCII letters, digits and single hyphens, not starting or ending with a hyphen';
const TEAM_RULE =
  'a GitHub team, slug or org/slug: org a GitHub login, slug 1 to 100 lower-case letters, digits, "-" and "_", starting with a letter or digit';

/** Quotes a value for a message, with every invisible character escaped. */
function show(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\u009f\u2028\u2029]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/** Length in code points, as GitHub and JSON Schema's maxLength count it. */
function length(value: string): number {
  return [...value].length;
}

function loginProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return `${field} must be ${LOGIN_RULE}; got ${show(value)}`;
  }
  if (value.length > MAX_GITHUB_LOGIN_LENGTH) {
    return `${field} is ${value.length} characters long; a GitHub login is at most ${MAX_GITHUB_LOGIN_LENGTH}`;
  }
  if (!LOGIN_PATTERN.test(value)) {
    return `${field} must be ${LOGIN_RULE}; got ${show(value)}`;
  }
  return undefined;
}

function teamProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return `${field} must be ${TEAM_RULE}; got ${show(value)}`;
  }
  const parts = value.split('/');
  if (parts.length > 2) {
    return `${field} must be ${TEAM_RULE}; got ${show(value)}`;
  }
  const slug = parts[parts.length - 1];
  if (parts.length === 2 && loginProblem('org', parts[0])) {
    return `${field} must be ${TEAM_RULE}; got ${show(
      value,
    )}, whose org is not a GitHub login`;
  }
  if (slug.length > MAX_GITHUB_TEAM_SLUG_LENGTH) {
    return `${field} has a slug ${slug.length} characters long; a GitHub team slug is at most ${MAX_GITHUB_TEAM_SLUG_LENGTH}`;
  }
  if (!TEAM_SLUG_PATTERN.test(slug)) {
    return `${field} must be ${TEAM_RULE}; got ${show(value)}`;
  }
  return undefined;
}

function labelProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `${field} must be a GitHub label (a string of 1 to ${MAX_GITHUB_LABEL_LENGTH} characters); got ${show(
      value,
    )}`;
  }
  if (value.length === 0) {
    return `${field} must be a GitHub label of 1 to ${MAX_GITHUB_LABEL_LENGTH} characters; got ""`;
  }
  const size = length(value);
  if (size > MAX_GITHUB_LABEL_LENGTH) {
    return `${field} is ${size} characters long; GitHub refuses labels over ${MAX_GITHUB_LABEL_LENGTH}`;
  }
  if (CONTROL_CHARACTER.test(value)) {
    return `${field} must not contain control characters (newline, tab and the like); got ${show(
      value,
    )}`;
  }
  if (/^\s|\s$/.test(value)) {
    return `${field} must not start or end with whitespace; got ${show(value)}`;
  }
  if (value.includes(',')) {
    return `${field} must not contain a comma (GitHub's label filters are comma separated); got ${show(
      value,
    )}`;
  }
  if (value.includes(EXPRESSION_OPENER)) {
    return `${field} must not contain "${EXPRESSION_OPENER}" (a workflow that interpolates the label would evaluate it); got ${show(
      value,
    )}`;
  }
  return undefined;
}

function checkList(
  problems: FieldProblem[],
  field: string,
  what: string,
  value: unknown,
  itemProblem: (field: string, value: unknown) => string | undefined,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push({
      field,
      message: `${field} must be a list of ${what}; got ${show(value)}`,
    });
    return [];
  }
  const kept: string[] = [];
  // GitHub compares logins, team slugs and label names without case: the first spelling stays.
  const seen = new Set<string>();
  value.forEach((item, index) => {
    const problem = itemProblem(`${field}[${index}]`, item);
    if (problem) {
      problems.push({ field: `${field}[${index}]`, message: problem });
      return;
    }
    const key = (item as string).toLocaleLowerCase('en-US');
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(item as string);
    }
  });
  return kept;
}

function checkOptions(raw: RawPullRequestOptions): {
  problems: FieldProblem[];
  options: PullRequestOptions;
} {
  const problems: FieldProblem[] = [];
  const input = (raw ?? {}) as RawPullRequestOptions;
  const options: PullRequestOptions = {
    reviewers: checkList(
      problems,
      'reviewers',
      'GitHub logins',
      input.reviewers,
      loginProblem,
    ),
    teamReviewers: checkList(
      problems,
      'teamReviewers',
      'GitHub teams (slug or org/slug)',
      input.teamReviewers,
      teamProblem,
    ),
    labels: checkList(
      problems,
      'labels',
      'GitHub labels',
      input.labels,
      labelProblem,
    ),
  };
  if (input.draft !== undefined) {
    if (typeof input.draft === 'boolean') {
      options.draft = input.draft;
    } else {
      problems.push({
        field: 'draft',
        message: `draft must be true or false; got ${show(input.draft)}`,
      });
    }
  }
  return { problems, options };
}

/**
 * Every problem with a request's pull request options (reviewers, team reviewers, labels,
 * draft), one per field or list item (empty when they are valid).
 * @public
 */
export function pullRequestOptionProblems(
  raw: RawPullRequestOptions,
): FieldProblem[] {
  return checkOptions(raw).problems;
}

/**
 * Validates a request's pull request options by GitHub's rules, dropping duplicates, or throws
 * an `InputError` naming every field that is wrong and what it allows.
 * @public
 */
export function validatePullRequestOptions(
  raw: RawPullRequestOptions,
): PullRequestOptions {
  const { problems, options } = checkOptions(raw);
  if (problems.length > 0) {
    throw new InputError(
      `Invalid pull request options: ${problems
        .map(p => p.message)
        .join('; ')}`,
    );
  }
  return options;
}
