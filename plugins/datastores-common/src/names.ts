import { Environment } from './model';

/**
 * Longest base name (`<service>-<name>-<environment>`). Kubernetes object names are DNS-1123
 * labels (63), and operators append their own suffixes: CloudNativePG names services
 * `<cluster>-rw` and pods `<cluster>-<n>`, and we name secrets `<base>-app`. 52 leaves room for
 * every suffix they add, and for RDS identifiers (63).
 * @public
 */
export const MAX_BASE_NAME_LENGTH = 52;

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
 * Derives every name of a datastore. The inputs must have passed `validateDatastoreRequest`,
 * which guarantees each result is valid for its target.
 * @public
 */
export function deriveNames(input: {
  service: string;
  name: string;
  environment: Environment;
}): DatastoreNames {
  const base = `${input.service}-${input.name}-${input.environment}`;
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
