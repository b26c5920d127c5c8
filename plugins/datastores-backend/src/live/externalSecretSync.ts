import {
  SECRET_SYNC_ORDER,
  worstOf,
} from '@datastores/plugin-datastores-common';
import {
  KubeObject,
  SecretSync,
  secretSyncFromExternalSecret,
} from '@datastores/plugin-datastores-node';
import { ClusterView, observedIn } from './clusterView';
import { KUBERNETES_TYPES } from './kubernetesTypes';
import { Source, storeKey } from './observedSources';

/**
 * The sync of the `ExternalSecret` of that name, the worst of its copies: a managed
 * datastore's (Terraform's secret) or the one a Composition writes for a cache.
 */
export function externalSecretSync(input: {
  view: ClusterView;
  /** The stores the ExternalSecrets reference, by `cluster/kind/namespace/name`. */
  stores: Map<string, Source<KubeObject | null>>;
  name: string;
  /** Its Terraform pull request is still open: the secret is not written yet. */
  terraformPending: boolean;
  now: Date;
}): SecretSync {
  const { view, name, terraformPending, now } = input;
  const result = view.copies(KUBERNETES_TYPES.externalSecret, name);
  if ('reason' in result) {
    return { status: 'unknown', message: result.reason };
  }
  const observations: SecretSync[] = result.found.map(es => {
    const store = input.stores.get(storeKey(es));
    return {
      ...secretSyncFromExternalSecret({
        externalSecretName: name,
        externalSecret: es,
        store: store?.ok ? store.value : undefined,
        storeUnreadable: store && !store.ok ? store.reason : undefined,
        terraformPending,
        now,
      }),
      ...observedIn(es),
    };
  });
  if (result.unreadable) {
    observations.push({ status: 'unknown', message: result.unreadable });
  }
  if (!observations.length) {
    return {
      ...secretSyncFromExternalSecret({
        externalSecretName: name,
        terraformPending,
        now,
      }),
      ...view.seen,
    };
  }
  return worstOf(observations, 'status', SECRET_SYNC_ORDER)!;
}
