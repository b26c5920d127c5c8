import { InputError } from '@backstage/errors';
import { Decision, decideRequest } from './decide';
import {
  CRITICALITY_LEVELS,
  Criticality,
  ENVIRONMENTS,
  Environment,
  Provider,
  SIZES,
  Size,
} from './model';
import { deriveNames } from './names';
import { Policy } from './policy';
import { PROVIDER_FACTS, ProviderCatalog } from './providers';
import { ProvisioningRequestRecord } from './requests';
import {
  DatastoreRequest,
  EntityRefParts,
  FieldProblem,
  nameProblem,
  parseRef,
  validateDatastoreRequest,
} from './validation';

/**
 * What a pull request does to a datastore: `provision` creates it, `change` edits it in place,
 * `replace` adds the datastore that replaces it (a change of strategy), `safeguard` protects
 * its data before a removal (final snapshot, backup, delay), `removal` deletes its files.
 * @public
 */
export const PULL_REQUEST_OPERATIONS = [
  'provision',
  'change',
  'replace',
  'safeguard',
  'removal',
] as const;
/** @public */
export type PullRequestOperation = (typeof PULL_REQUEST_OPERATIONS)[number];

/**
 * What protects a datastore's data before its files are removed:
 * - `final-snapshot`: RDS takes a final snapshot when the instance is destroyed (a first pull
 *   request turns off deletion protection and names the snapshot);
 * - `deletion-delay`: a Neon project is deleted only after the configured days;
 * - `backup`: CloudNativePG takes an on-demand `Backup` before its cluster goes;
 * - `none`: nothing to keep (an ephemeral database, a cache).
 * @public
 */
export type DecommissionSafeguard =
  | 'final-snapshot'
  | 'deletion-delay'
  | 'backup'
  | 'none';

/** A decommission under way, as the record keeps it. @public */
export interface DecommissionRecord {
  environments: Environment[];
  /** When it was requested (ISO 8601). */
  requestedAt: string;
  /** The RDS final snapshot identifier of each environment that takes one. */
  finalSnapshots?: Partial<Record<Environment, string>>;
  /** The CloudNativePG `Backup` of each environment that takes one. */
  backups?: Partial<Record<Environment, string>>;
  /** Neon: the removal is not opened before this time (ISO 8601). */
  notBefore?: string;
}

/** The safeguard a provider needs before its datastore's files are removed. @public */
export function decommissionSafeguard(
  decision: {
    provider: Provider;
    backupMode?: Decision['backup']['mode'];
  },
  providers: ProviderCatalog = PROVIDER_FACTS,
): DecommissionSafeguard {
  const safeguard = providers[decision.provider]?.safeguard ?? 'none';
  // An on-demand backup keeps data whose backups were required; the rest may go as it is.
  if (
    safeguard === 'backup' &&
    decision.backupMode !== 'scheduled' &&
    decision.backupMode !== 'continuous'
  ) {
    return 'none';
  }
  return safeguard;
}

/** `yyyymmdd` of a date, in UTC. */
function compactDate(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * The RDS final snapshot identifier: `<identifier>-final-<yyyymmdd>`. Valid whenever the
 * identifier is (letters, digits and single hyphens, starting with a letter; at most 255:
 * an identifier is at most 63).
 * @public
 */
export function finalSnapshotIdentifier(
  rdsIdentifier: string,
  at: Date,
): string {
  return `${rdsIdentifier}-final-${compactDate(at)}`;
}

/**
 * The CloudNativePG on-demand `Backup` taken before a removal: `<cluster>-final-<yyyymmdd>`
 * (a Kubernetes name: at most 253; a cluster name is at most 50).
 * @public
 */
export function finalBackupName(clusterName: string, at: Date): string {
  return `${clusterName}-final-${compactDate(at)}`;
}

/** Which datastore of which service: checked before anything is looked up. @public */
export interface DatastoreTarget {
  service: EntityRefParts;
  name: string;
}

function targetProblems(
  input: Record<string, unknown>,
  problems: FieldProblem[],
): DatastoreTarget | undefined {
  const service =
    typeof input.service === 'string'
      ? parseRef(input.service, 'component')
      : undefined;
  const serviceProblem =
    !service || service.kind !== 'component'
      ? `service must be an entity reference like component:default/orders; got ${JSON.stringify(
          input.service ?? null,
        )}`
      : nameProblem('service name', service.name);
  if (serviceProblem)
    problems.push({ field: 'service', message: serviceProblem });
  const nameError = nameProblem('name', input.name);
  if (nameError) problems.push({ field: 'name', message: nameError });
  return service && !serviceProblem && !nameError
    ? { service, name: input.name as string }
    : undefined;
}

function environmentsProblems(
  field: string,
  value: unknown,
  problems: FieldProblem[],
): Environment[] | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.some(e => !(ENVIRONMENTS as readonly unknown[]).includes(e)) ||
    new Set(value).size !== value.length
  ) {
    problems.push({
      field,
      message: `${field} must be a non-empty list of distinct environments among ${ENVIRONMENTS.join(
        ', ',
      )}; got ${JSON.stringify(value)}`,
    });
    return undefined;
  }
  return value as Environment[];
}

function throwIfAny(what: string, problems: FieldProblem[]) {
  if (problems.length) {
    throw new InputError(
      `Invalid ${what}: ${problems.map(p => p.message).join('; ')}`,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What every day-2 input has: the datastore, and maybe environments. */
function readDayTwoInput(raw: unknown) {
  const problems: FieldProblem[] = [];
  const input = isObject(raw) ? raw : {};
  if (!isObject(raw)) {
    problems.push({ field: 'input', message: 'input must be an object' });
  }
  const target = targetProblems(input, problems);
  const environments = environmentsProblems(
    'environments',
    input.environments,
    problems,
  );
  return { problems, input, target, environments };
}

/** A validated "Change datastore" input: what changes, the rest stays. @public */
export interface ChangeInput extends DatastoreTarget {
  size?: Size;
  environments?: Environment[];
  criticality?: Criticality;
  /** The name of the new datastore when the strategy changes (default `<name>-<provider>`). */
  newName?: string;
}

/**
 * Validates a change, naming every bad field and what it allows. Nothing is looked up: this
 * runs before any call.
 * @public
 */
export function validateChangeInput(raw: unknown): ChangeInput {
  const { problems, input, target, environments } = readDayTwoInput(raw);
  const member = <T extends string>(
    field: string,
    allowed: readonly T[],
  ): T | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    if (!(allowed as readonly unknown[]).includes(value)) {
      problems.push({
        field,
        message: `${field} must be one of ${allowed.join(
          ', ',
        )}; got ${JSON.stringify(value)}`,
      });
    }
    return value as T;
  };
  const size = member('size', SIZES);
  const criticality = member('criticality', CRITICALITY_LEVELS);
  if (input.newName !== undefined) {
    const problem = nameProblem('newName', input.newName);
    if (problem) problems.push({ field: 'newName', message: problem });
  }
  throwIfAny('change', problems);
  return {
    ...target!,
    ...(size && { size }),
    ...(environments && { environments }),
    ...(criticality && { criticality }),
    ...(typeof input.newName === 'string' && { newName: input.newName }),
  };
}

/** A validated "Decommission datastore" input. @public */
export interface DecommissionInput extends DatastoreTarget {
  /** The environments to remove; every one of the datastore's when absent. */
  environments?: Environment[];
}

/**
 * Validates a decommission: `confirmName` must be the datastore's name, typed to confirm, as
 * cloud consoles ask. Nothing is looked up: this runs before any call.
 * @public
 */
export function validateDecommissionInput(raw: unknown): DecommissionInput {
  const { problems, input, target, environments } = readDayTwoInput(raw);
  if (target && input.confirmName !== target.name) {
    problems.push({
      field: 'confirmName',
      message: `confirmName must be the datastore's name, "${
        target.name
      }", typed to confirm the decommission; got ${JSON.stringify(
        input.confirmName ?? null,
      )}`,
    });
  }
  throwIfAny('decommission', problems);
  return { ...target!, ...(environments && { environments }) };
}

/** What the service adds to a recorded request: the id its objects are labelled with, and its providers. @public */
export interface RequestContext {
  kubernetesId?: string;
  /** The providers that can be decided; the built-in ones unless given. */
  providers?: ProviderCatalog;
}

const known = (context: RequestContext) =>
  context.kubernetesId ? { kubernetesId: context.kubernetesId } : {};

/** The request a recorded datastore was made from, validated again. @public */
export function requestOfRecord(
  record: ProvisioningRequestRecord,
  overrides: Record<string, unknown> = {},
): DatastoreRequest {
  return validateDatastoreRequest({
    service: record.service,
    name: record.name,
    kind: record.kind,
    engine: record.engine,
    environments: record.environments,
    criticality: record.criticality,
    size: record.size,
    namespace: record.namespace,
    ...(record.owner && { owner: record.owner }),
    ...overrides,
  });
}

/**
 * What a change does, decided again by the policy:
 * - `in-place`: every environment that stays keeps its strategy and provider; one pull request
 *   per repo edits their files, adds the new environments and removes the dropped ones;
 * - `replace`: some environment that stays would change strategy or provider; a new datastore
 *   (`request`, named `newName`) is added next to the old one, which stays as it is until it is
 *   decommissioned.
 * @public
 */
export type ChangePlan =
  | {
      mode: 'in-place';
      request: DatastoreRequest;
      decisions: Decision[];
      added: Environment[];
      removed: Environment[];
      kept: Environment[];
      /** Each removed environment as a decommission step (what protects its data). */
      removedSteps: DecommissionStep[];
    }
  | {
      mode: 'replace';
      request: DatastoreRequest;
      decisions: Decision[];
      /** The environments whose strategy or provider changes, with both decisions. */
      changed: Array<{
        environment: Environment;
        from: Provider;
        to: Provider;
      }>;
    };

/**
 * Plans a change of a recorded datastore. A refusal of the policy, or a change that changes
 * nothing, is an `InputError`.
 * @public
 */
export function planChange(
  current: ProvisioningRequestRecord,
  change: ChangeInput,
  policy?: Policy,
  context: RequestContext = {},
): ChangePlan {
  const overrides = {
    ...known(context),
    ...(change.size && { size: change.size }),
    ...(change.environments && { environments: change.environments }),
    ...(change.criticality && { criticality: change.criticality }),
  };
  const before = requestOfRecord(current, known(context));
  const after = requestOfRecord(current, overrides);
  const decisions = decideRequest(after, policy, context.providers);
  const previous = new Map(current.decisions.map(d => [d.environment, d]));
  const changed = decisions.flatMap(d => {
    const old = previous.get(d.environment);
    return old && (old.provider !== d.provider || old.strategy !== d.strategy)
      ? [{ environment: d.environment, from: old.provider, to: d.provider }]
      : [];
  });
  if (changed.length) {
    const newName = change.newName ?? `${current.name}-${changed[0].to}`;
    const problem = nameProblem('newName', newName);
    if (problem) {
      throw new InputError(
        `The strategy changes, so a new datastore is added next to "${current.name}": ${problem} (set newName)`,
      );
    }
    if (newName === current.name) {
      throw new InputError(
        `The strategy changes, so a new datastore is added next to "${current.name}": newName must differ from it`,
      );
    }
    return {
      mode: 'replace',
      request: { ...after, name: newName },
      decisions,
      changed,
    };
  }
  const added = after.environments.filter(
    e => !before.environments.includes(e),
  );
  const removed = before.environments.filter(
    e => !after.environments.includes(e),
  );
  const kept = after.environments.filter(e => before.environments.includes(e));
  if (
    !added.length &&
    !removed.length &&
    after.size === before.size &&
    after.criticality === before.criticality
  ) {
    throw new InputError(
      `Nothing to change: ${current.name} of ${current.service} is already ${
        after.size
      }, ${after.criticality}, in ${after.environments.join(', ')}`,
    );
  }
  return {
    mode: 'in-place',
    request: after,
    decisions,
    added,
    removed,
    kept,
    removedSteps: removed.length
      ? planDecommission(
          current,
          { ...change, environments: removed },
          new Date(),
          policy,
          context,
        ).steps
      : [],
  };
}

/** One environment of a decommission: what protects its data, and its derived names. @public */
export interface DecommissionStep {
  environment: Environment;
  decision: Decision;
  safeguard: DecommissionSafeguard;
  finalSnapshot?: string;
  backup?: string;
}

/**
 * What a decommission of a recorded datastore does, environment by environment. Environments
 * the datastore does not have are an `InputError`.
 * @public
 */
export function planDecommission(
  current: ProvisioningRequestRecord,
  input: DecommissionInput,
  at: Date,
  policy?: Policy,
  context: RequestContext = {},
): { request: DatastoreRequest; steps: DecommissionStep[] } {
  const request = requestOfRecord(current, known(context));
  const environments = input.environments ?? request.environments;
  const missing = environments.filter(e => !request.environments.includes(e));
  if (missing.length) {
    throw new InputError(
      `environments must be among those of ${current.name} of ${
        current.service
      } (${request.environments.join(', ')}); got ${missing.join(', ')}`,
    );
  }
  // The decisions the datastore was made with: a policy changed since does not change what runs.
  const recorded = new Map(current.decisions.map(d => [d.environment, d]));
  const decisions = decideRequest(
    { ...request, environments },
    policy,
    context.providers,
  ).map(d => {
    const was = recorded.get(d.environment);
    return was
      ? {
          ...d,
          strategy: was.strategy,
          provider: was.provider,
          target: was.target,
        }
      : d;
  });
  const steps = decisions.map(decision => {
    const safeguard = decommissionSafeguard(
      { provider: decision.provider, backupMode: decision.backup.mode },
      context.providers,
    );
    const names = deriveNames({
      service: request.service.name,
      name: request.name,
      environment: decision.environment,
    });
    return {
      environment: decision.environment,
      decision,
      safeguard,
      ...(safeguard === 'final-snapshot' && {
        finalSnapshot: finalSnapshotIdentifier(names.rdsIdentifier, at),
      }),
      ...(safeguard === 'backup' && {
        backup: finalBackupName(names.kubernetesName, at),
      }),
    };
  });
  return { request, steps };
}

/**
 * The record without the environments whose removal merged: their decisions, resources,
 * catalog files and decommission go; undefined when none is left (the datastore is gone).
 * @public
 */
export function withoutEnvironments(
  record: ProvisioningRequestRecord,
  removed: readonly Environment[],
): ProvisioningRequestRecord | undefined {
  const stays = (e: Environment) => !removed.includes(e);
  const environments = record.environments.filter(stays);
  if (!environments.length) return undefined;
  const service = parseRef(record.service, 'component');
  const refs = new Set(
    service
      ? removed.map(
          environment =>
            `resource:${service.namespace}/${
              deriveNames({
                service: service.name,
                name: record.name,
                environment,
              }).entityName
            }`,
        )
      : [],
  );
  const left = record.decommission?.environments.filter(stays) ?? [];
  const { decommission: _gone, ...rest } = record;
  return {
    ...rest,
    environments,
    decisions: record.decisions.filter(d => stays(d.environment)),
    resources: record.resources.filter(r => !refs.has(r)),
    catalogFiles: record.catalogFiles?.filter(f => !refs.has(f.entityRef)),
    ...(record.decommission &&
      left.length && {
        decommission: { ...record.decommission, environments: left },
      }),
  };
}

/** The environments a merged pull request of the record removes. @public */
export function mergedRemovals(
  record: ProvisioningRequestRecord,
): Environment[] {
  return [
    ...new Set(
      record.pullRequests
        .filter(p => p.state === 'merged')
        .flatMap(p => p.removes ?? []),
    ),
  ].filter(e => record.environments.includes(e));
}
