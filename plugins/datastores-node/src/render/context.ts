import { InputError } from '@backstage/errors';
import {
  DatastoreNames,
  DatastoreRequest,
  Decision,
  Environment,
  Target,
  datastoreEntityRef,
  deriveNames,
} from '@datastores/plugin-datastores-common';
import {
  AwsEnvironmentConfig,
  DatastoresConfig,
  environmentNamespace,
} from '../config';
import { TargetPathValues, renderTargetPath } from '../targetPath';

/** One file of a pull request. @public */
export interface RenderedFile {
  target: Target;
  /** Path inside the target repository. */
  path: string;
  content: string;
  /** Set on the file that holds the datastore's catalog `Resource` entity: its ref. */
  entityRef?: string;
}

/** Database and owner of every Postgres the product creates (CloudNativePG's defaults). @public */
export const POSTGRES_DATABASE = 'app';
/** @public */
export const POSTGRES_USER = 'app';
/** @public */
export const POSTGRES_PORT = 5432;

/** Everything a renderer needs about one datastore in one environment. @public */
export interface RenderContext {
  request: DatastoreRequest;
  decision: Decision;
  config: DatastoresConfig;
  names: DatastoreNames;
  /** The Kubernetes namespace of the datastore's objects. */
  namespace: string;
  /** `component:<ns>/<service>` */
  componentRef: string;
  /** `resource:<ns>/<entity name>` */
  resourceRef: string;
  pathValues: TargetPathValues;
  /**
   * Set when rendering the safeguard of a decommission: the files then drop what protects the
   * datastore from deletion, so that the removal can take place, and say what it keeps.
   */
  decommission?: DecommissionRenderOptions;
}

/** What a decommission's safeguard renders (see `renderSafeguard`). @public */
export interface DecommissionRenderOptions {
  /** When the decommission was requested (ISO 8601). */
  requestedAt: string;
  /** RDS: the final snapshot the destroy takes. */
  finalSnapshot?: string;
  /** Neon: the removal is not opened before this time (ISO 8601). */
  notBefore?: string;
}

/** @public */
export function renderContext(
  request: DatastoreRequest,
  decision: Decision,
  config: DatastoresConfig,
): RenderContext {
  if (
    decision.kind !== request.kind ||
    decision.engine !== request.engine ||
    decision.criticality !== request.criticality ||
    !request.environments.includes(decision.environment)
  ) {
    throw new InputError(
      `The decision (${decision.criticality} ${decision.engine} ${decision.kind} in ${decision.environment}) does not belong to the request`,
    );
  }
  const names = deriveNames({
    service: request.service.name,
    name: request.name,
    environment: decision.environment,
  });
  const namespace = environmentNamespace(config, decision.environment, request);
  return {
    request,
    decision,
    config,
    names,
    namespace,
    componentRef: `component:${request.service.namespace}/${request.service.name}`,
    resourceRef: datastoreEntityRef({
      service: request.service,
      name: request.name,
      environment: decision.environment,
    }),
    pathValues: {
      environment: decision.environment,
      service: request.service.name,
      name: request.name,
      namespace,
    },
  };
}

/** The path of a file in a target repository, under the configured path. @public */
export function targetFilePath(
  ctx: RenderContext,
  target: Target,
  file: string,
  which: 'path' | 'catalogPath' = 'path',
): string {
  return `${renderTargetPath(
    ctx.config.targets[target][which],
    ctx.pathValues,
  )}/${file}`;
}

/** The AWS settings of the datastore's environment; managed datastores need them. @public */
export function awsSettings(ctx: RenderContext): AwsEnvironmentConfig {
  const aws = ctx.config.environments[ctx.decision.environment]?.aws;
  if (!aws) {
    throw new InputError(
      `datastores.environments.${ctx.decision.environment}.aws is not configured; a managed ${ctx.decision.engine} in ${ctx.decision.environment} needs its region, dbSubnetGroupName and vpcSecurityGroupIds`,
    );
  }
  return aws;
}

/**
 * The directory of a managed datastore's Terraform root module in one environment: what the
 * apply workflow names its matrix job's run after (`apply (<dir>)`).
 * @public
 */
export function terraformModuleDir(
  request: Pick<DatastoreRequest, 'service' | 'name' | 'namespace'>,
  environment: Environment,
  config: DatastoresConfig,
): string {
  return renderTargetPath(config.targets.terraform.path, {
    environment,
    service: request.service.name,
    name: request.name,
    namespace: environmentNamespace(config, environment, request),
  });
}
