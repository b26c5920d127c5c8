import {
  DatastoreRequest,
  Decision,
  datastoreEntityRef,
} from '@datastores/plugin-datastores-common';
import { DatastoresConfig } from '../config';
import { CatalogEntityOptions, catalogEntity } from './catalogEntity';
import { RenderedFile, renderContext, targetFilePath } from './context';
import { crossplaneObject } from './crossplane';
import { externalSecretObject } from './externalSecret';
import { renderTerraform } from './terraform';
import { toYaml } from './yaml';

/**
 * Every file of one datastore in one environment, per target repository:
 * - managed: the Terraform root module and the catalog entity in the Terraform repo, and the
 *   `ExternalSecret` in the GitOps repo;
 * - self-hosted: the Crossplane XR or claim and the catalog entity in the GitOps repo (the
 *   entity under `catalogPath`, outside what the GitOps controller applies).
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
  if (decision.strategy === 'managed') {
    return [
      ...renderTerraform(ctx),
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
    {
      target: 'gitops',
      path: targetFilePath(ctx, 'gitops', `${names.kubernetesName}.yaml`),
      content: toYaml([crossplaneObject(ctx)]),
    },
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
