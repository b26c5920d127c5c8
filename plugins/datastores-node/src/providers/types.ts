import type {
  DecommissionStep,
  Provider,
  ProviderFacts,
} from '@datastores/plugin-datastores-common';
import type { RenderContext, RenderedFile } from '../render/context';

/**
 * Everything of one provider the product needs to decide, write and decommission its
 * datastores. The built-in providers are such modules; a provider module package adds one
 * through {@link createDatastoreProviderFeature}.
 * @public
 */
export interface DatastoreProvider {
  /** The id policies (`then.provider`), annotations and config name it by. */
  id: Provider;
  facts: ProviderFacts;
  /**
   * The files that make the datastore in its target repo (`facts.target`): a Terraform root
   * module (see `rootModuleFiles`) or the Crossplane object (see `crossplaneObject`). The
   * product adds the catalog entity, and a managed datastore's `ExternalSecret`, which reads
   * the Secrets Manager secret `connectionSecret` writes. With `ctx.decommission` set, the
   * files of the safeguard: what protected the datastore from deletion is dropped.
   */
  render(ctx: RenderContext): RenderedFile[];
  /**
   * The files of a decommission's first pull request, the one that protects the data before
   * the removal (`facts.safeguard`). `ctx.decommission` is set. None when absent.
   */
  renderSafeguard?(ctx: RenderContext, step: DecommissionStep): RenderedFile[];
}
