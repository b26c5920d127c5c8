import type {
  BackupRequirements,
  DatastoreNames,
  DecommissionStep,
  Provider,
  ProviderFacts,
} from '@datastores/plugin-datastores-common';
import type { RenderContext, RenderedFile } from '../render/context';
import type { ObservedBackup } from '../status/backup';
import type { KubeObject, KubernetesTypeRef } from '../status/kube';
import type { Readiness } from '../status/readiness';
import type { SecretSync } from '../status/secretSync';

/**
 * How a self-hosted provider's live state is read from its operator's object in the cluster,
 * as the collector lists it (by the service's `backstage.io/kubernetes-id` label).
 * @public
 */
export interface ProviderKubernetesStatus {
  /** The operator's object, named like the datastore's Crossplane object. */
  type: KubernetesTypeRef;
  /** Types read beside it, in the same cluster (CloudNativePG's Barman `ObjectStore`). */
  related?: KubernetesTypeRef[];
  /** Its backups, graded against the requirements (`gradeBackup`). */
  backup(input: {
    object: KubeObject;
    /** The objects of the `related` types in its cluster. */
    related: KubeObject[];
    requirements: BackupRequirements;
    now: Date;
  }): ObservedBackup;
  /** Its readiness; absent when it reports none, and its composite's Ready tells alone. */
  readiness?(object: KubeObject): Readiness;
  /**
   * The connection secret, when the operator writes it (CloudNativePG); absent, the
   * `ExternalSecret` of the Composition tells.
   */
  secretSync?(object: KubeObject): SecretSync;
}

/**
 * How a managed provider's live state is read from what its cloud lister observed (the
 * backend's collector holds the listers, by provider id).
 * @public
 */
export interface ProviderCloudStatus {
  /** Who answers, in the card's words (`AWS RDS`, `Neon`). */
  title: string;
  /** The name the cloud lists the datastore by. */
  nameOf(names: DatastoreNames): string;
  /** What the card says while the cloud has no such object. */
  absent(name: string): string;
  /** What one observation says: its backups, graded, and its readiness. */
  read(input: {
    value: unknown;
    requirements: BackupRequirements;
    now: Date;
  }): { backup: ObservedBackup; readiness: Readiness };
}

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
  /** A self-hosted provider's live state in the cluster; absent, it stays declared. */
  kubernetes?: ProviderKubernetesStatus;
  /**
   * A managed provider's live state in its cloud; absent (or with no lister configured), its
   * backups stay declared and its readiness unobserved.
   */
  cloud?: ProviderCloudStatus;
}
