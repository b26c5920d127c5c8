import { Observation, ObservationSource } from '../database/ObservationStore';
import { KubeObject } from '@datastores/plugin-datastores-node';
import { KUBERNETES_ID_LABEL } from '@datastores/plugin-datastores-common';
import { KubernetesQueryClient } from './KubernetesQueryClient';
import { KubernetesType, typeKey } from './kubernetesTypes';

export function kubernetesSource(
  cluster: string,
  type: { group: string; plural: string },
): ObservationSource {
  const kind = typeKey(type);
  return { id: `kubernetes/${cluster}/${kind}`, cluster, kind };
}

/** What is kept of a listed object: all but the server's bookkeeping. */
export function kubernetesObservation(object: KubeObject): Observation {
  const { managedFields: _managedFields, ...metadata } = (object.metadata ??
    {}) as Record<string, any>;
  return {
    namespace: metadata.namespace ?? '',
    name: metadata.name ?? '',
    kubernetesId: metadata.labels?.[KUBERNETES_ID_LABEL],
    object: { ...object, metadata },
  };
}

/** One type's list in one cluster: what it held, or why it could not be read. */
export type TypeListing = {
  type: KubernetesType;
  source: ObservationSource;
  /** When its list started: what its observations are stamped with. */
  startedAt: Date;
} & (
  | {
      ok: true;
      observations: Observation[];
      /** List pages read (calls to the cluster). */
      pages: number;
      /** The cluster does not serve the type (no CRD): it holds none. */
      notServed?: true;
    }
  | { ok: false; reason: string }
);

/**
 * Lists `types` in one cluster, one after the other, each a paginated list across namespaces
 * selected by `labelSelector(type)`, all within `deadlineMs`; yields each type's outcome as it
 * comes, so the caller stores it at once. A type that fails does not stop the next: one broken
 * CRD leaves the others current. Shared by the collector's cycle (every service's objects) and
 * the per-service refresh (one service's), so both list and stamp objects the same way.
 */
export async function* listCluster(
  client: Pick<KubernetesQueryClient, 'listAll'>,
  cluster: string,
  types: KubernetesType[],
  options: {
    labelSelector: (type: KubernetesType) => string | undefined;
    deadlineMs: number;
    pageSize: number;
    now: () => Date;
  },
): AsyncGenerator<TypeListing> {
  const deadline = Date.now() + options.deadlineMs;
  for (const type of types) {
    const source = kubernetesSource(cluster, type);
    const startedAt = options.now();
    try {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `cluster ${cluster} did not list its types within ${options.deadlineMs} ms; ${type.plural} was not read`,
        );
      }
      const { items, pages, notServed } = await client.listAll(cluster, type, {
        labelSelector: options.labelSelector(type),
        pageSize: options.pageSize,
        deadlineMs: remaining,
      });
      yield {
        type,
        source,
        startedAt,
        ok: true,
        observations: items.map(kubernetesObservation),
        pages,
        ...(notServed ? { notServed } : {}),
      };
    } catch (error) {
      yield {
        type,
        source,
        startedAt,
        ok: false,
        reason: (error as Error).message,
      };
    }
  }
}
