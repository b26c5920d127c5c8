import {
  ClusterObject,
  KubernetesObservations,
  Source,
} from './observedSources';

/** What one status is refined with from the clusters: the objects, and why some may be missing. */
export interface ClusterView {
  /** When the clusters were read: for a field whose absence is an observation too. */
  seen: { observedAt?: string };
  objects: ClusterObject[];
  /**
   * Every copy of an object across the clusters, plus the reason it may be missing from a
   * cluster that could not be read; or why nothing is known.
   */
  copies(
    type: { kind: string; plural: string },
    name: string,
  ): { found: ClusterObject[]; unreadable?: string } | { reason: string };
}

/** The view of the clusters' observations (none when Kubernetes was not read). */
export function clusterView(
  k8s: Source<KubernetesObservations> | undefined,
  objects: ClusterObject[],
): ClusterView {
  return {
    seen: k8s?.ok ? { observedAt: k8s.value.observedAt } : {},
    objects,
    copies(type, name) {
      if (!k8s) return { reason: 'Kubernetes was not read.' };
      if (!k8s.ok) return { reason: k8s.reason };
      const found = objects.filter(
        o => o.kind === type.kind && o.metadata.name === name,
      );
      const failure = k8s.value.failures.find(
        f => f.plural === type.plural || f.plural === '*',
      );
      return failure
        ? {
            found,
            unreadable: `Kubernetes could not be read: ${failure.reason}`,
          }
        : { found };
    },
  };
}

/** Where and when an object was observed. */
export const observedIn = (o: ClusterObject) => ({
  observedAt: o.observedAt,
  source: `cluster ${o.cluster}`,
});
