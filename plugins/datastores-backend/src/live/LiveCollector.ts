import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeObject } from '@datastores/plugin-datastores-node';
import {
  Observation,
  ObservationSource,
  ObservationStore,
} from '../database/ObservationStore';
import { KubernetesQueryClient } from './KubernetesQueryClient';

/** A Kubernetes type the collector lists. */
export interface CollectedType {
  group: string;
  version: string;
  plural: string;
}

/** The label that ties an object to its service (what the Kubernetes plugin selects by). */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

export interface CollectSummary {
  /** Sources read and stored, e.g. `kubernetes/prod-eu/postgresql.cnpg.io/clusters`. */
  stored: string[];
  /** Sources that failed, with why: their last observations stay, stale. */
  failed: Array<{ source: string; reason: string }>;
  /** Sources whose type the cluster does not serve (no CRD): stored as holding nothing. */
  notServed: string[];
  /** Objects stored, over every source. */
  objects: number;
  /** Calls to the clusters (list pages), over every source. */
  pages: number;
}

export function kubernetesSource(
  cluster: string,
  type: CollectedType,
): ObservationSource {
  const kind = `${type.group}/${type.plural}`;
  return { id: `kubernetes/${cluster}/${kind}`, cluster, kind };
}

/** What is kept of a listed object: all but the server's bookkeeping. */
function observation(object: KubeObject): Observation {
  const { managedFields: _managedFields, ...metadata } = (object.metadata ??
    {}) as Record<string, any>;
  return {
    namespace: metadata.namespace ?? '',
    name: metadata.name ?? '',
    kubernetesId: metadata.labels?.[KUBERNETES_ID_LABEL],
    object: { ...object, metadata },
  };
}

/**
 * One collector cycle: for every cluster of the Kubernetes backend and every type in use, one
 * paginated list across namespaces of the objects labelled with a service, stored as that
 * source's observations. Clusters are read side by side, each bounded by its own deadline, so
 * one that hangs or fails keeps its last observations (then stale, with the reason) and does
 * not hold the others back.
 */
export class LiveCollector {
  constructor(
    private readonly deps: {
      kubernetes: Pick<KubernetesQueryClient, 'clusters' | 'listAll'>;
      store: ObservationStore;
      logger: LoggerService;
      /** The types in use (those the catalog's datastores need), asked at every cycle. */
      types: () => Promise<CollectedType[]>;
      /** How long one cluster may take for one type. */
      clusterDeadlineMs: number;
      pageSize: number;
      now?: () => Date;
    },
  ) {}

  async collect(): Promise<CollectSummary> {
    const now = this.deps.now ?? (() => new Date());
    const summary: CollectSummary = {
      stored: [],
      failed: [],
      notServed: [],
      objects: 0,
      pages: 0,
    };
    const [clusters, types] = await Promise.all([
      this.deps.kubernetes.clusters(),
      this.deps.types(),
    ]);
    await Promise.all(
      clusters.map(async cluster => {
        for (const type of types) {
          const source = kubernetesSource(cluster, type);
          const startedAt = now();
          try {
            const { items, pages, notServed } =
              await this.deps.kubernetes.listAll(cluster, type, {
                labelSelector: KUBERNETES_ID_LABEL,
                pageSize: this.deps.pageSize,
                deadlineMs: this.deps.clusterDeadlineMs,
              });
            await this.deps.store.replace(
              source,
              items.map(observation),
              startedAt,
            );
            summary.stored.push(source.id);
            if (notServed) summary.notServed.push(source.id);
            summary.objects += items.length;
            summary.pages += pages;
          } catch (error) {
            const reason = (error as Error).message;
            await this.deps.store.markFailed(source, reason, now());
            summary.failed.push({ source: source.id, reason });
            this.deps.logger.warn(
              `Could not collect ${source.id}: ${reason}; its last observations are kept, stale`,
            );
          }
        }
      }),
    );
    return summary;
  }
}
