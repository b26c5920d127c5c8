import {
  DatastoreRequest,
  DecommissionStep,
  KUBERNETES_ID_LABEL,
} from '@datastores/plugin-datastores-common';
import { InputError } from '@backstage/errors';
import { DatastoresConfig } from '../config';
import {
  DecommissionRenderOptions,
  RenderContext,
  RenderedFile,
  renderContext,
  targetFilePath,
} from './context';
import { renderDatastore } from './renderDatastore';
import { renderTerraform } from './terraform';
import { toYaml } from './yaml';

/** The path of the on-demand `Backup` a CloudNativePG datastore takes before its removal. */
function finalBackupPath(ctx: RenderContext): string {
  return targetFilePath(
    ctx,
    'gitops',
    `${ctx.names.kubernetesName}.final-backup.yaml`,
  );
}

/**
 * CloudNativePG's on-demand `Backup` of the datastore's cluster, through the Barman Cloud
 * plugin the Composition configures. An on-demand Backup has no owner, so it and the data it
 * wrote stay when the cluster goes.
 */
function finalBackupObject(ctx: RenderContext, name: string) {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Backup',
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: { [KUBERNETES_ID_LABEL]: ctx.request.kubernetesId },
    },
    spec: {
      cluster: { name: ctx.names.kubernetesName },
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
    },
  };
}

/**
 * The files of a decommission's first pull request, the one that protects the data before the
 * removal: RDS turns deletion protection off and names its final snapshot; Neon drops its
 * protection and says when the removal may come; CloudNativePG takes an on-demand `Backup`.
 * Empty for a step whose safeguard is `none`.
 * @public
 */
export function renderSafeguard(
  request: DatastoreRequest,
  step: DecommissionStep,
  config: DatastoresConfig,
  options: DecommissionRenderOptions,
): RenderedFile[] {
  const ctx = renderContext(request, step.decision, config);
  switch (step.safeguard) {
    case 'final-snapshot':
    case 'deletion-delay':
      return renderTerraform({
        ...ctx,
        decommission: { ...options, finalSnapshot: step.finalSnapshot },
      });
    case 'backup':
      if (!step.backup) {
        throw new InputError(
          `The decommission of ${ctx.names.entityName} needs the name of its final Backup`,
        );
      }
      return [
        {
          target: 'gitops',
          path: finalBackupPath(ctx),
          content: toYaml([finalBackupObject(ctx, step.backup)]),
        },
      ];
    default:
      return [];
  }
}

/**
 * The paths a removal deletes: every file the datastore was provisioned with in that
 * environment (the Terraform root module or the Crossplane object, the `ExternalSecret`, the
 * catalog entity) and the final Backup's, by target.
 * @public
 */
export function removalPaths(
  request: DatastoreRequest,
  step: DecommissionStep,
  config: DatastoresConfig,
): Array<{ target: RenderedFile['target']; path: string }> {
  // Only the paths are used: an owner is needed to render the entity, not to delete it.
  const files = renderDatastore(request, step.decision, config, {
    owner: request.owner
      ? `${request.owner.kind}:${request.owner.namespace}/${request.owner.name}`
      : 'group:default/unknown',
  });
  const paths = files.map(f => ({ target: f.target, path: f.path }));
  if (step.safeguard === 'backup') {
    const ctx = renderContext(request, step.decision, config);
    paths.push({ target: 'gitops', path: finalBackupPath(ctx) });
  }
  return paths;
}
