import {
  DatastoreRequest,
  Decision,
  datastoreEntityRef,
} from '@datastores/plugin-datastores-common';
import { DatastoresConfig } from '../config';
import { CatalogEntityOptions, catalogEntity } from './catalogEntity';
import {
  RenderContext,
  RenderedFile,
  renderContext,
  targetFilePath,
} from './context';
import { externalSecretObject } from './externalSecret';
import { toYaml } from './yaml';

/**
 * The files its provider writes for a datastore: its Terraform root module or its Crossplane
 * object (see `DatastoreProvider.render`).
 * @public
 */
export function renderProviderFiles(ctx: RenderContext): RenderedFile[] {
  return ctx.config.providers.get(ctx.decision.provider).render(ctx);
}

/**
 * Every file of one datastore in one environment, per target repository:
 * - managed: its provider's Terraform root module and the catalog entity in the Terraform
 *   repo, and the `ExternalSecret` in the GitOps repo;
 * - self-hosted: its provider's Crossplane XR or claim and the catalog entity in the GitOps
 *   repo (the entity under `catalogPath`, outside what the GitOps controller applies).
 * Each `Resource` entity is written once, in the repo that owns the datastore.
 * @public
 */
export function renderDatastore(
  request: DatastoreRequest,
  decision: Decision,
  config: DatastoresConfig,
  options: CatalogEntityOptions = {},
): RenderedFile[] {
  const ctx = renderContext(request, decision, config);
  const { names } = ctx;
  const entity = toYaml([catalogEntity(ctx, options)]);
  const entityRef = datastoreEntityRef({
    service: request.service,
    name: request.name,
    environment: decision.environment,
  });
  const own = renderProviderFiles(ctx);
  if (decision.strategy === 'managed') {
    return [
      ...own,
      {
        target: 'terraform',
        path: targetFilePath(
          ctx,
          'terraform',
          config.targets.terraform.catalogPath === config.targets.terraform.path
            ? 'catalog-info.yaml'
            : `${names.entityName}.yaml`,
          'catalogPath',
        ),
        content: entity,
        entityRef,
      },
      {
        target: 'gitops',
        path: targetFilePath(
          ctx,
          'gitops',
          `${names.externalSecretName}.externalsecret.yaml`,
        ),
        content: toYaml([externalSecretObject(ctx)]),
      },
    ];
  }
  return [
    ...own,
    {
      target: 'gitops',
      path: targetFilePath(
        ctx,
        'gitops',
        `${names.entityName}.yaml`,
        'catalogPath',
      ),
      content: entity,
      entityRef,
    },
  ];
}

/**
 * Renders every environment of a request, given the decision of each; the paths never
 * collide, so the files of all environments can go in one pull request per target.
 * @public
 */
export function renderDatastores(
  request: DatastoreRequest,
  decisions: Decision[],
  config: DatastoresConfig,
  options: CatalogEntityOptions = {},
): RenderedFile[] {
  return decisions.flatMap(decision =>
    renderDatastore(request, decision, config, options),
  );
}
