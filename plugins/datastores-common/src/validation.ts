import { InputError } from '@backstage/errors';
import {
  CRITICALITY_LEVELS,
  Criticality,
  DATASTORE_ENGINES,
  DATASTORE_KINDS,
  DatastoreEngine,
  DatastoreKind,
  ENGINES_BY_KIND,
  ENVIRONMENTS,
  Environment,
  SIZES,
  Size,
} from './model';
import { MAX_BASE_NAME_LENGTH, baseNameLimit, deriveNames } from './names';

/** A field that failed validation, and why. @public */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A reference to a catalog entity, split. @public */
export interface EntityRefParts {
  kind: string;
  namespace: string;
  name: string;
}

/** A provisioning request that passed validation, with its defaults filled in. @public */
export interface DatastoreRequest {
  service: EntityRefParts;
  name: string;
  kind: DatastoreKind;
  engine: DatastoreEngine;
  environments: Environment[];
  criticality: Criticality;
  size: Size;
  owner?: EntityRefParts;
  /** The service's Kubernetes namespace; defaults to the service name. */
  namespace: string;
  /**
   * The service's `backstage.io/kubernetes-id`: the label every generated object carries, by
   * which the Kubernetes plugin finds them. Defaults to the service name.
   */
  kubernetesId: string;
}

// A DNS-1123 label that also satisfies RDS identifiers: starts with a letter, no "--".
const NAME_PATTERN = /^[a-z](?:[a-z0-9]|-(?!-))*[a-z0-9]$|^[a-z]$/;
// Backstage's own rule for entity names.
const ENTITY_NAME_PATTERN = /^(?=.{1,63}$)[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
// A Kubernetes label value (what backstage.io/kubernetes-id becomes on every object).
const LABEL_VALUE_PATTERN =
  /^(?=.{1,63}$)[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
// Kubernetes namespaces and catalog namespaces: DNS-1123 labels.
const LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'nothing';
  return `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

function oneOf<T extends string>(
  problems: FieldProblem[],
  field: string,
  allowed: readonly T[],
  value: unknown,
  why?: string,
): T | undefined {
  if (
    typeof value === 'string' &&
    (allowed as readonly string[]).includes(value)
  ) {
    return value as T;
  }
  problems.push({
    field,
    message: `${field} must be one of ${allowed.join(', ')}; got ${describe(
      value,
    )}${why ? `: ${why}` : ''}`,
  });
  return undefined;
}

// Why only these kinds, in the product's words: said whenever a request names another kind.
const WHY_DATASTORE_KINDS =
  'application services are stateless; state lives in a database or a cache';

/**
 * Checks a name that ends up in Kubernetes, AWS and catalog names: lower-case letters, digits
 * and single hyphens, starting with a letter, not ending with a hyphen.
 * @public
 */
export function nameProblem(field: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return `${field} is required: lower-case letters, digits and single hyphens, starting with a letter`;
  }
  if (value.length > MAX_BASE_NAME_LENGTH) {
    return `${field} is ${value.length} characters long; the limit is ${MAX_BASE_NAME_LENGTH}`;
  }
  if (!NAME_PATTERN.test(value)) {
    return `${field} must be lower-case letters (a-z), digits and single hyphens, start with a letter and not end with a hyphen; got ${describe(
      value,
    )}`;
  }
  return undefined;
}

/**
 * Parses `[kind:][namespace/]name`, filling in the default kind and namespace `default`.
 * @public
 */
export function parseRef(
  value: string,
  defaultKind: string,
): EntityRefParts | undefined {
  const match =
    /^(?:([a-zA-Z][a-zA-Z0-9]*):)?(?:([a-z0-9-]+)\/)?([^:/]+)$/.exec(value);
  if (!match) return undefined;
  return {
    kind: (match[1] ?? defaultKind).toLocaleLowerCase('en-US'),
    namespace: match[2] ?? 'default',
    name: match[3],
  };
}

function refField(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  kinds: readonly string[],
): EntityRefParts | undefined {
  const ref = typeof value === 'string' ? parseRef(value, kinds[0]) : undefined;
  if (
    !ref ||
    !kinds.includes(ref.kind) ||
    !LABEL_PATTERN.test(ref.namespace) ||
    !ENTITY_NAME_PATTERN.test(ref.name)
  ) {
    problems.push({
      field,
      message: `${field} must be an entity reference like ${
        kinds[0]
      }:default/orders (kind ${kinds.join(' or ')}); got ${describe(value)}`,
    });
    return undefined;
  }
  return ref;
}

/**
 * Every problem with a raw provisioning request, one per field (empty when it is valid).
 * Shared by the scaffolder action, the backend and the form, so they agree.
 * @public
 */
export function datastoreRequestProblems(raw: unknown): FieldProblem[] {
  return checkRequest(raw).problems;
}

/**
 * Validates a raw provisioning request and fills in its defaults, or throws an `InputError`
 * naming every field that is wrong and what it allows.
 * @public
 */
export function validateDatastoreRequest(raw: unknown): DatastoreRequest {
  const { problems, request } = checkRequest(raw);
  if (!request) {
    throw new InputError(
      `Invalid datastore request: ${problems.map(p => p.message).join('; ')}`,
    );
  }
  return request;
}

function checkRequest(raw: unknown): {
  problems: FieldProblem[];
  request?: DatastoreRequest;
} {
  const problems: FieldProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      problems: [{ field: 'request', message: 'request must be an object' }],
    };
  }
  const input = raw as Record<string, unknown>;

  const service = refField(problems, 'service', input.service, ['component']);
  if (service) {
    const problem = nameProblem('service name', service.name);
    if (problem) problems.push({ field: 'service', message: problem });
  }
  const nameError = nameProblem('name', input.name);
  if (nameError) problems.push({ field: 'name', message: nameError });

  const kind = oneOf(
    problems,
    'kind',
    DATASTORE_KINDS,
    input.kind,
    WHY_DATASTORE_KINDS,
  );
  let engine: DatastoreEngine | undefined;
  if (kind) {
    const allowed = ENGINES_BY_KIND[kind];
    engine =
      input.engine === undefined
        ? allowed[0]
        : oneOf(problems, 'engine', DATASTORE_ENGINES, input.engine);
    if (engine && !allowed.includes(engine)) {
      problems.push({
        field: 'engine',
        message: `engine ${engine} cannot run a ${kind}; allowed for ${kind}: ${allowed.join(
          ', ',
        )}`,
      });
      engine = undefined;
    }
  }

  const environments: Environment[] = [];
  if (!Array.isArray(input.environments) || input.environments.length === 0) {
    problems.push({
      field: 'environments',
      message: `environments must be a non-empty list of ${ENVIRONMENTS.join(
        ', ',
      )}`,
    });
  } else {
    input.environments.forEach((value, index) => {
      const env = oneOf(
        problems,
        `environments[${index}]`,
        ENVIRONMENTS,
        value,
      );
      if (env && environments.includes(env)) {
        problems.push({
          field: `environments[${index}]`,
          message: `environments lists ${env} twice`,
        });
      } else if (env) {
        environments.push(env);
      }
    });
  }

  const criticality = oneOf(
    problems,
    'criticality',
    CRITICALITY_LEVELS,
    input.criticality,
  );
  const size =
    input.size === undefined
      ? 'small'
      : oneOf(problems, 'size', SIZES, input.size);
  const owner =
    input.owner === undefined
      ? undefined
      : refField(problems, 'owner', input.owner, ['group', 'user']);

  let namespace = service?.name;
  if (input.namespace !== undefined) {
    if (
      typeof input.namespace === 'string' &&
      LABEL_PATTERN.test(input.namespace)
    ) {
      namespace = input.namespace;
    } else {
      problems.push({
        field: 'namespace',
        message: `namespace must be a Kubernetes namespace (DNS-1123 label: a-z, 0-9 and "-", at most 63); got ${describe(
          input.namespace,
        )}`,
      });
    }
  }

  // Each name alone can be valid while the names derived from them are too long.
  let kubernetesId = service?.name;
  if (input.kubernetesId !== undefined) {
    if (
      typeof input.kubernetesId === 'string' &&
      LABEL_VALUE_PATTERN.test(input.kubernetesId)
    ) {
      kubernetesId = input.kubernetesId;
    } else {
      problems.push({
        field: 'kubernetesId',
        message: `kubernetesId must be a Kubernetes label value (1 to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit); got ${describe(
          input.kubernetesId,
        )}`,
      });
    }
  }

  // The limit is the strictest of every target the kind's names end up in.
  if (service && !nameError && typeof input.name === 'string' && kind) {
    const limit = baseNameLimit(kind);
    for (const environment of environments) {
      const { base } = deriveNames({
        service: service.name,
        name: input.name,
        environment,
      });
      if (base.length > limit.maxBaseLength) {
        problems.push({
          field: 'name',
          message: `service and name are too long together: "${base}" is ${base.length} characters; a ${kind} allows ${limit.maxBaseLength} (${limit.why})`,
        });
        break;
      }
    }
  }

  if (
    problems.length > 0 ||
    !service ||
    !kind ||
    !engine ||
    !criticality ||
    !size ||
    !namespace ||
    !kubernetesId
  ) {
    return { problems };
  }
  return {
    problems,
    request: {
      service,
      name: input.name as string,
      kind,
      engine,
      environments,
      criticality,
      size,
      owner,
      namespace,
      kubernetesId,
    },
  };
}
