import { InputError } from '@backstage/errors';
import { ENVIRONMENTS, STRATEGIES, TARGETS } from './model';
import { PROVIDER_ID_PATTERN } from './providers';
import { datastoreEntityRef } from './names';
import { APPLY_RESULTS } from './lifecycle';
import { PULL_REQUEST_OPERATIONS } from './operations';
import { ProvisioningRequestRecord } from './requests';
import {
  FieldProblem,
  datastoreRequestProblems,
  nameProblem,
  validateDatastoreRequest,
} from './validation';

const PR_STATES = ['open', 'merged', 'closed'] as const;
const CHECKS = ['success', 'failure', 'pending', 'none'] as const;
// owner/name: an owner is a GitHub login; a name is never "." or "..".
const REPO = /^[A-Za-z0-9-]+\/(?!\.\.?$)[A-Za-z0-9_.-]+$/;
// A relative path of plain segments: nothing that climbs out, queries or fragments.
const PATH = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[A-Za-z0-9_.\-/]{1,500}$/;

// An ISO 8601 UTC time, as GitHub and toISOString write them.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function list(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  optional = false,
): unknown[] {
  if (value === undefined && optional) return [];
  if (Array.isArray(value)) return value;
  problems.push({ field, message: `${field} must be a list` });
  return [];
}

function member(
  problems: FieldProblem[],
  field: string,
  allowed: readonly unknown[],
  value: unknown,
  optional = false,
) {
  if (value === undefined && optional) return;
  if (!allowed.includes(value)) {
    problems.push({
      field,
      message: `${field} must be one of ${allowed.join(
        ', ',
      )}; got ${JSON.stringify(value)}`,
    });
  }
}

/**
 * Every problem with a recorded request (empty when it is valid): the request itself passes the
 * action's validation, and what the action adds (decisions, pull requests, resources, catalog
 * files) is consistent with it. What `POST /v1/requests` accepts and what a rediscovered pull
 * request marker must pass, so a marker cannot claim what the action would never write.
 * @public
 */
export function requestRecordProblems(raw: unknown): FieldProblem[] {
  if (!isObject(raw)) {
    return [{ field: 'request', message: 'request must be an object' }];
  }
  const problems = datastoreRequestProblems(raw);
  if (problems.length) return problems;
  const request = validateDatastoreRequest(raw);

  const environments = new Set<string>(request.environments);
  const decided = new Set<string>();
  list(problems, 'decisions', raw.decisions).forEach((d, i) => {
    const field = `decisions[${i}]`;
    if (!isObject(d)) {
      problems.push({ field, message: `${field} must be an object` });
      return;
    }
    member(problems, `${field}.environment`, ENVIRONMENTS, d.environment);
    member(problems, `${field}.strategy`, STRATEGIES, d.strategy);
    if (
      typeof d.provider !== 'string' ||
      !PROVIDER_ID_PATTERN.test(d.provider)
    ) {
      problems.push({
        field: `${field}.provider`,
        message: `${field}.provider must be a provider id (lowercase words joined by hyphens)`,
      });
    }
    member(problems, `${field}.target`, TARGETS, d.target);
    if (typeof d.rationale !== 'string' || d.rationale.length > 2000) {
      problems.push({
        field: `${field}.rationale`,
        message: `${field}.rationale must be a text of at most 2000 characters`,
      });
    }
    const env = String(d.environment);
    if (!environments.has(env) || decided.has(env)) {
      problems.push({
        field: `${field}.environment`,
        message: `${field}.environment must be one of the request's environments, once each; got ${JSON.stringify(
          d.environment,
        )}`,
      });
    }
    decided.add(env);
  });

  list(problems, 'pullRequests', raw.pullRequests).forEach((p, i) => {
    const field = `pullRequests[${i}]`;
    if (!isObject(p)) {
      problems.push({ field, message: `${field} must be an object` });
      return;
    }
    member(problems, `${field}.target`, TARGETS, p.target);
    member(problems, `${field}.state`, PR_STATES, p.state, true);
    member(problems, `${field}.checks`, CHECKS, p.checks, true);
    member(
      problems,
      `${field}.operation`,
      PULL_REQUEST_OPERATIONS,
      p.operation,
      true,
    );
    environmentsOf(problems, `${field}.removes`, p.removes, environments);
    if (
      p.mergedAt !== undefined &&
      (typeof p.mergedAt !== 'string' || !ISO_TIME.test(p.mergedAt))
    ) {
      problems.push({
        field: `${field}.mergedAt`,
        message: `${field}.mergedAt must be an ISO 8601 UTC time`,
      });
    }
    if (
      p.apply !== undefined &&
      (!isObject(p.apply) ||
        Object.entries(p.apply).some(
          ([env, result]) =>
            !environments.has(env) ||
            !(APPLY_RESULTS as readonly unknown[]).includes(result),
        ))
    ) {
      problems.push({
        field: `${field}.apply`,
        message: `${field}.apply must map the request's environments to one of ${APPLY_RESULTS.join(
          ', ',
        )}`,
      });
    }
    if (typeof p.repo !== 'string' || !REPO.test(p.repo)) {
      problems.push({
        field: `${field}.repo`,
        message: `${field}.repo must be owner/name`,
      });
    }
    if (typeof p.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(p.url)) {
      problems.push({
        field: `${field}.url`,
        message: `${field}.url must be an http(s) URL`,
      });
    }
    if (!Number.isInteger(p.number) || (p.number as number) < 1) {
      problems.push({
        field: `${field}.number`,
        message: `${field}.number must be a positive integer`,
      });
    }
  });

  // The resources are exactly what the action derives; nothing else can be put on a card.
  const derived = new Set(
    request.environments.map(environment =>
      datastoreEntityRef({
        service: request.service,
        name: request.name,
        environment,
      }),
    ),
  );
  const resources = list(problems, 'resources', raw.resources);
  resources.forEach((r, i) => {
    if (typeof r !== 'string' || !derived.has(r)) {
      problems.push({
        field: `resources[${i}]`,
        message: `resources[${i}] must be one of ${[...derived].join(
          ', ',
        )}; got ${JSON.stringify(r)}`,
      });
    }
  });

  list(problems, 'catalogFiles', raw.catalogFiles, true).forEach((f, i) => {
    const field = `catalogFiles[${i}]`;
    if (!isObject(f)) {
      problems.push({ field, message: `${field} must be an object` });
      return;
    }
    member(problems, `${field}.target`, TARGETS, f.target);
    if (typeof f.path !== 'string' || !PATH.test(f.path)) {
      problems.push({
        field: `${field}.path`,
        message: `${field}.path must be a relative path of letters, digits, "-", "_", "." and "/" (no "." or ".." segments)`,
      });
    }
    if (typeof f.entityRef !== 'string' || !derived.has(f.entityRef)) {
      problems.push({
        field: `${field}.entityRef`,
        message: `${field}.entityRef must be one of the request's resources`,
      });
    }
  });
  list(problems, 'registered', raw.registered, true).forEach((r, i) => {
    if (typeof r !== 'string') {
      problems.push({
        field: `registered[${i}]`,
        message: `registered[${i}] must be a URL`,
      });
    }
  });
  member(problems, 'operation', PULL_REQUEST_OPERATIONS, raw.operation, true);
  environmentsOf(problems, 'removes', raw.removes, environments);
  if (raw.replaces !== undefined) {
    const problem = nameProblem('replaces', raw.replaces);
    if (problem) problems.push({ field: 'replaces', message: problem });
  }
  if (
    raw.requestedBy !== undefined &&
    (typeof raw.requestedBy !== 'string' ||
      !/^user:[^/:\s]+\/[^/:\s]+$/.test(raw.requestedBy))
  ) {
    problems.push({
      field: 'requestedBy',
      message:
        'requestedBy must be a user entity ref, e.g. user:default/jane-doe',
    });
  }
  decommissionProblems(problems, raw.decommission, environments);
  return problems;
}

/** An optional list of the request's environments. */
function environmentsOf(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  environments: Set<string>,
) {
  list(problems, field, value, true).forEach((e, i) => {
    if (typeof e !== 'string' || !environments.has(e)) {
      problems.push({
        field: `${field}[${i}]`,
        message: `${field}[${i}] must be one of the request's environments; got ${JSON.stringify(
          e,
        )}`,
      });
    }
  });
}

// RDS snapshot identifiers and Kubernetes names alike: letters, digits, single hyphens.
const IDENTIFIER = /^[a-z](?:[a-z0-9]|-(?!-)){0,252}[a-z0-9]$/;

function decommissionProblems(
  problems: FieldProblem[],
  value: unknown,
  environments: Set<string>,
) {
  if (value === undefined) return;
  if (!isObject(value)) {
    problems.push({
      field: 'decommission',
      message: 'decommission must be an object',
    });
    return;
  }
  environmentsOf(
    problems,
    'decommission.environments',
    value.environments,
    environments,
  );
  for (const key of ['requestedAt', 'notBefore'] as const) {
    const at = value[key];
    if (
      (key === 'requestedAt' || at !== undefined) &&
      (typeof at !== 'string' || !ISO_TIME.test(at))
    ) {
      problems.push({
        field: `decommission.${key}`,
        message: `decommission.${key} must be an ISO 8601 UTC time`,
      });
    }
  }
  for (const key of ['finalSnapshots', 'backups'] as const) {
    const names = value[key];
    if (names === undefined) continue;
    if (
      !isObject(names) ||
      Object.entries(names).some(
        ([env, name]) =>
          !environments.has(env) ||
          typeof name !== 'string' ||
          !IDENTIFIER.test(name),
      )
    ) {
      problems.push({
        field: `decommission.${key}`,
        message: `decommission.${key} must map the request's environments to names of lower-case letters, digits and single hyphens`,
      });
    }
  }
}

/**
 * Validates a recorded request, or throws an `InputError` naming every bad field. Returns it
 * with the request's defaults filled in (engine, size, namespace).
 * @public
 */
export function validateRequestRecord(raw: unknown): ProvisioningRequestRecord {
  const problems = requestRecordProblems(raw);
  if (problems.length) {
    throw new InputError(
      `Invalid datastore request record: ${problems
        .map(p => p.message)
        .join('; ')}`,
    );
  }
  const record = raw as unknown as ProvisioningRequestRecord;
  const request = validateDatastoreRequest(record);
  return {
    ...record,
    engine: request.engine,
    environments: request.environments,
    size: request.size,
    namespace: request.namespace,
  };
}
