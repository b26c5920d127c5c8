import { DatastoreKind, Environment } from './model';

/** A limit a target puts on a name derived from the base name, and where it comes from. @public */
export interface NameLimit {
  /** Which derived name, for messages. */
  target: string;
  /** The datastore kinds whose names it constrains. */
  kinds: readonly DatastoreKind[];
  /** Longest base name (`<service>-<name>-<environment>`) the target accepts. */
  maxBaseLength: number;
  why: string;
}

/**
 * The real limits of every target a base name ends up in (the XR and the objects its
 * Composition names like it, the RDS identifier). Kubernetes names (253) and Secrets Manager
 * names (512) are longer than any of these.
 * Validation checks every one that can apply to the kind, whichever strategy the policy picks.
 * @public
 */
export const NAME_LIMITS: readonly NameLimit[] = [
  {
    target: 'CloudNativePG Cluster',
    kinds: ['database'],
    maxBaseLength: 50,
    why: "CloudNativePG's webhook refuses Cluster names over 50 characters",
  },
  {
    target: 'Dragonfly or Redis',
    kinds: ['cache'],
    maxBaseLength: 52,
    why: "the operators name a StatefulSet like the cache, and its pods' controller-revision-hash label (at most 63) adds 11 characters",
  },
  {
    target: 'RDS DB identifier',
    kinds: ['database'],
    maxBaseLength: 63,
    why: 'RDS identifiers are at most 63 characters',
  },
];

/** The strictest limit on a base name for a kind of datastore. @public */
export function baseNameLimit(kind: DatastoreKind): NameLimit {
  return NAME_LIMITS.filter(l => l.kinds.includes(kind)).reduce((a, b) =>
    b.maxBaseLength < a.maxBaseLength ? b : a,
  );
}

/** The longest base name of any kind (what a name alone may never exceed). @public */
export const MAX_BASE_NAME_LENGTH = Math.max(
  ...(['database', 'cache'] as const).map(k => baseNameLimit(k).maxBaseLength),
);

/** Every name derived from one datastore in one environment. @public */
export interface DatastoreNames {
  /** `<service>-<name>-<environment>`, the root of every other name. */
  base: string;
  /** The catalog `Resource` entity's `metadata.name`. */
  entityName: string;
  /** The Kubernetes object (XR, claim, CNPG `Cluster`, `Dragonfly`) name. */
  kubernetesName: string;
  /** The in-cluster Secret the service reads (CloudNativePG's own `<cluster>-app` convention). */
  connectionSecretName: string;
  /** The `ExternalSecret` that fills the connection secret (managed only). */
  externalSecretName: string;
  /** The AWS RDS DB instance identifier (managed on RDS). */
  rdsIdentifier: string;
  /** The Secrets Manager secret Terraform writes the full connection to (managed only). */
  secretsManagerName: string;
  /** The Neon project name (managed on Neon). */
  neonProjectName: string;
}

/**
 * The stem every name of a datastore is derived from: `<service>-<name>`. Every derived name
 * (the branch, the Terraform path, the RDS identifier, the Secrets Manager name, the Kubernetes
 * and catalog names) is the stem plus a fixed environment part, so two datastores share a name
 * exactly when they share a stem. The catalog namespace is not part of it: `default/orders` and
 * `shop/orders` would derive the same names, which is why a stem has one owner.
 * @public
 */
export function nameStem(input: { serviceName: string; name: string }): string {
  return `${input.serviceName}-${input.name}`;
}

/** `<stem>-<environment>`, the root of every name of one environment. @public */
export function baseName(stem: string, environment: Environment): string {
  return `${stem}-${environment}`;
}

/**
 * Derives every name of a datastore. The inputs must have passed `validateDatastoreRequest`,
 * which guarantees each result is valid for its target.
 * @public
 */
export function deriveNames(input: {
  service: string;
  name: string;
  environment: Environment;
}): DatastoreNames {
  const base = baseName(
    nameStem({ serviceName: input.service, name: input.name }),
    input.environment,
  );
  return {
    base,
    entityName: base,
    kubernetesName: base,
    connectionSecretName: `${base}-app`,
    externalSecretName: base,
    rdsIdentifier: base,
    secretsManagerName: `datastores/${input.environment}/${input.service}/${input.name}`,
    neonProjectName: base,
  };
}

/**
 * The catalog ref of a datastore's `Resource` entity: in the service's catalog namespace.
 * @public
 */
export function datastoreEntityRef(input: {
  service: { namespace: string; name: string };
  name: string;
  environment: Environment;
}): string {
  const { entityName } = deriveNames({
    service: input.service.name,
    name: input.name,
    environment: input.environment,
  });
  return `resource:${input.service.namespace}/${entityName}`;
}
