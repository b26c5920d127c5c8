import {
  DATASTORE_ANNOTATIONS,
  KUBERNETES_ANNOTATIONS,
} from '@datastores/plugin-datastores-common';
import { InputError } from '@backstage/errors';
import { RenderContext } from './context';

/** What the catalog knows of the service and the request does not. @public */
export interface CatalogEntityOptions {
  /** The service's system, `spec.system` of the Resource. */
  system?: string;
  /** The owner to use when the request names none (usually the service's owner). */
  owner?: string;
}

function title(ctx: RenderContext): string {
  const { request, decision } = ctx;
  const what =
    request.name === decision.kind
      ? request.name
      : `${request.name} ${decision.kind}`;
  return `${request.service.name} ${what} (${decision.environment})`;
}

/**
 * The catalog `Resource` entity of one datastore in one environment, as in
 * `examples/entities.yaml`: depended on by the service, annotated with how it is run.
 * @public
 */
export function catalogEntity(
  ctx: RenderContext,
  options: CatalogEntityOptions = {},
) {
  const { request, decision, names } = ctx;
  const owner = request.owner
    ? `${request.owner.kind}:${request.owner.namespace}/${request.owner.name}`
    : options.owner;
  if (!owner) {
    throw new InputError(
      `The ${names.entityName} Resource needs an owner: give the request an owner, or the service's owner`,
    );
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: names.entityName,
      ...(request.service.namespace !== 'default' && {
        namespace: request.service.namespace,
      }),
      title: title(ctx),
      annotations: {
        [DATASTORE_ANNOTATIONS.engine]: decision.engine,
        [DATASTORE_ANNOTATIONS.environment]: decision.environment,
        [DATASTORE_ANNOTATIONS.criticality]: decision.criticality,
        [DATASTORE_ANNOTATIONS.strategy]: decision.strategy,
        [DATASTORE_ANNOTATIONS.provider]: decision.provider,
        ...(decision.strategy === 'managed' && {
          [DATASTORE_ANNOTATIONS.externalSecret]: names.externalSecretName,
        }),
        [KUBERNETES_ANNOTATIONS.id]: request.kubernetesId,
        [KUBERNETES_ANNOTATIONS.namespace]: ctx.namespace,
      },
    },
    spec: {
      type: decision.kind,
      owner,
      ...(options.system && { system: options.system }),
      dependencyOf: [ctx.componentRef],
    },
  };
}
