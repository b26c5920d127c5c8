import type { ProviderFacts } from '@datastores/plugin-datastores-common';
import { RenderContext, RenderedFile, targetFilePath } from '../render/context';
import { crossplaneObject } from '../render/crossplane';
import { toYaml } from '../render/yaml';
import { DatastoreProvider } from './types';

/**
 * The Crossplane object of a self-hosted datastore, in the GitOps repo: the Composition of
 * its kind (`datastores.crossplane`) runs the operator of its engine.
 * @public
 */
export function renderCrossplaneObject(ctx: RenderContext): RenderedFile[] {
  return [
    {
      target: 'gitops',
      path: targetFilePath(ctx, 'gitops', `${ctx.names.kubernetesName}.yaml`),
      content: toYaml([crossplaneObject(ctx)]),
    },
  ];
}

/** A self-hosted provider whose only file is its Crossplane object. */
export function crossplaneProvider(
  id: string,
  facts: ProviderFacts,
): DatastoreProvider {
  return { id, facts, render: renderCrossplaneObject };
}
