import {
  DatastoreRequest,
  DecommissionStep,
} from '@datastores/plugin-datastores-common';
import { DatastoresConfig } from '../config';
import {
  DecommissionRenderOptions,
  RenderedFile,
  renderContext,
} from './context';
import { renderDatastore } from './renderDatastore';

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
  if (step.safeguard === 'none') return [];
  const ctx = renderContext(request, step.decision, config);
  const provider = config.providers.get(step.decision.provider);
  return (
    provider.renderSafeguard?.(
      {
        ...ctx,
        decommission: { ...options, finalSnapshot: step.finalSnapshot },
      },
      step,
    ) ?? []
  );
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
  // And what the safeguard added (CloudNativePG's final Backup); its content is not used.
  for (const f of renderSafeguard(request, step, config, {
    requestedAt: new Date(0).toISOString(),
  })) {
    if (!paths.some(p => p.target === f.target && p.path === f.path)) {
      paths.push({ target: f.target, path: f.path });
    }
  }
  return paths;
}
