import { KubeObject } from '@datastores/plugin-datastores-node';
import {
  ObservationView,
  SourceState,
  StoredObservation,
} from '../database/ObservationStore';
import { CLUSTERS_SOURCE } from './LiveCollector';
import { kubernetesSource } from './listCluster';
import { KUBERNETES_TYPES, KubernetesType, typeKey } from './kubernetesTypes';

/** What a source says, or why it says nothing. */
export type Source<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reason: string;
      /** Not a fault: there is no cluster to read. */
      noCluster?: true;
    };

/** An object as one cluster listed it, and when. */
export type ClusterObject = KubeObject & {
  cluster: string;
  /** When the collector listed it (ISO 8601). */
  observedAt: string;
};

/** What the collector last observed of one service in every cluster. */
export interface KubernetesObservations {
  /**
   * The oldest last listing of the types read (ISO 8601): when "not there" was last seen for
   * an object that is missing.
   */
  observedAt: string;
  objects: ClusterObject[];
  /**
   * Types not current in some cluster (`*`: every type), with why: objects of those types may
   * be missing or stale.
   */
  failures: { plural: string; reason: string }[];
  /** The stores the service's ExternalSecrets reference, by `cluster/kind/namespace/name`. */
  stores: Map<string, Source<KubeObject | null>>;
}

/** The store an ExternalSecret reads (ESO's default kind is SecretStore). */
export function storeRefOf(es: KubeObject): { kind: string; name?: string } {
  const ref = es.spec?.secretStoreRef ?? {};
  return { kind: ref.kind ?? 'SecretStore', name: ref.name };
}

export function storeKey(es: ClusterObject): string {
  const ref = storeRefOf(es);
  const namespace =
    ref.kind === 'ClusterSecretStore' ? '' : es.metadata.namespace ?? '';
  return `${es.cluster}/${ref.kind}/${namespace}/${ref.name}`;
}

/** Why a source is not current, in words a card can show; undefined when it is. */
export function notCurrent(
  state: SourceState | undefined,
  what: string,
): string | undefined {
  if (!state) return `${what} has not been collected yet`;
  if (!state.error) return undefined;
  const last = state.lastSuccessAt
    ? `last listed at ${state.lastSuccessAt}`
    : 'never listed';
  return `${what} could not be listed at ${state.lastAttemptAt}: ${state.error} (${last})`;
}

const STORE_TYPES = [
  KUBERNETES_TYPES.secretStore,
  KUBERNETES_TYPES.clusterSecretStore,
];

/**
 * One service's Kubernetes objects as the collector last stored them: the clusters it listed,
 * the objects labelled `kubernetesId` in each, and which of `types` are not current where.
 */
export async function readKubernetesObservations(
  store: ObservationView,
  kubernetesId: string,
  types: KubernetesType[],
): Promise<Source<KubernetesObservations>> {
  const wantsStores = types.some(t => t === KUBERNETES_TYPES.externalSecret);
  const [sources, labelled, shared] = await Promise.all([
    store.sources(),
    store.byKubernetesIds([kubernetesId]),
    store.ofKinds([
      CLUSTERS_SOURCE.kind,
      ...(wantsStores ? STORE_TYPES.map(typeKey) : []),
    ]),
  ]);
  const stateOf = new Map(sources.map(s => [s.id, s]));
  const clustersState = stateOf.get(CLUSTERS_SOURCE.id);
  if (!clustersState?.lastSuccessAt) {
    return {
      ok: false,
      reason: `Kubernetes: ${notCurrent(
        clustersState,
        "the Kubernetes backend's cluster list",
      )}`,
    };
  }
  const clusters = shared
    .filter(o => o.source === CLUSTERS_SOURCE.id)
    .map(o => o.name);
  if (!clusters.length) {
    return {
      ok: false,
      reason: 'the Kubernetes backend has no cluster configured',
      noCluster: true,
    };
  }
  const failures: KubernetesObservations['failures'] = [];
  const clustersStale = notCurrent(
    clustersState,
    "the Kubernetes backend's cluster list",
  );
  if (clustersStale) failures.push({ plural: '*', reason: clustersStale });
  let observedAt = clustersState.lastSuccessAt;
  for (const cluster of clusters) {
    for (const type of [...types, ...(wantsStores ? STORE_TYPES : [])]) {
      const state = stateOf.get(kubernetesSource(cluster, type).id);
      const problem = notCurrent(state, `${type.plural} in cluster ${cluster}`);
      if (problem) failures.push({ plural: type.plural, reason: problem });
      if (state?.lastSuccessAt && state.lastSuccessAt < observedAt) {
        observedAt = state.lastSuccessAt;
      }
    }
  }
  const inClusters = new Set(clusters);
  const asObject = (o: StoredObservation): ClusterObject => ({
    ...(o.object as KubeObject),
    cluster: o.cluster!,
    observedAt: o.observedAt,
  });
  const objects = labelled
    .filter(o => o.cluster && inClusters.has(o.cluster))
    .map(asObject);
  return {
    ok: true,
    value: {
      observedAt,
      objects,
      failures,
      stores: referencedStores(objects, shared, stateOf),
    },
  };
}

/**
 * The SecretStores and ClusterSecretStores the ExternalSecrets reference, each from the
 * cluster of its ExternalSecret: found, missing (null), or unknown when its list is not current.
 */
function referencedStores(
  objects: ClusterObject[],
  shared: StoredObservation[],
  stateOf: Map<string, SourceState>,
): Map<string, Source<KubeObject | null>> {
  const stores = new Map<string, Source<KubeObject | null>>();
  for (const es of objects) {
    if (es.kind !== KUBERNETES_TYPES.externalSecret.kind) continue;
    const ref = storeRefOf(es);
    if (!ref.name) continue;
    const key = storeKey(es);
    const type =
      ref.kind === 'ClusterSecretStore'
        ? KUBERNETES_TYPES.clusterSecretStore
        : KUBERNETES_TYPES.secretStore;
    const state = stateOf.get(kubernetesSource(es.cluster, type).id);
    const problem = notCurrent(
      state,
      `${type.plural} in cluster ${es.cluster}`,
    );
    if (problem) {
      stores.set(key, { ok: false, reason: problem });
      continue;
    }
    const namespace =
      ref.kind === 'ClusterSecretStore' ? '' : es.metadata.namespace ?? '';
    const found = shared.find(
      o =>
        o.cluster === es.cluster &&
        o.kind === typeKey(type) &&
        o.namespace === namespace &&
        o.name === ref.name,
    );
    stores.set(key, {
      ok: true,
      value: found ? (found.object as KubeObject) : null,
    });
  }
  return stores;
}

/** A value and when its source said it. */
export type Observed<T> = { observedAt: string; value: T };

/**
 * The objects named `names` in one cloud source (RDS in a region, Neon's projects), each as
 * last listed: `null` when the current list does not hold it; unknown when the list is not
 * current, or when two objects share the name.
 */
export async function readCloudObservations<T>(
  store: ObservationView,
  source: { id: string; kind: string },
  names: string[],
  label: string,
): Promise<Map<string, Source<Observed<T | null>>>> {
  const result = new Map<string, Source<Observed<T | null>>>();
  if (!names.length) return result;
  const [sources, found] = await Promise.all([
    store.sources(),
    store.byNames(source.kind, names),
  ]);
  const state = sources.find(s => s.id === source.id);
  const problem = notCurrent(state, label);
  for (const name of names) {
    if (problem) {
      result.set(name, { ok: false, reason: problem });
      continue;
    }
    const copies = found.filter(o => o.source === source.id && o.name === name);
    if (copies.length > 1) {
      result.set(name, {
        ok: false,
        reason: `${label} holds ${copies.length} objects named "${name}"; cannot tell which one is the datastore`,
      });
      continue;
    }
    if (copies[0]?.error) {
      result.set(name, { ok: false, reason: copies[0].error });
      continue;
    }
    result.set(name, {
      ok: true,
      value: copies[0]
        ? { observedAt: copies[0].observedAt, value: copies[0].object as T }
        : { observedAt: state!.lastSuccessAt!, value: null },
    });
  }
  return result;
}
