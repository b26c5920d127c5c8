import { LoggerService } from '@backstage/backend-plugin-api';
import { KUBERNETES_ID_LABEL } from '@datastores/plugin-datastores-common';
import {
  Observation,
  ObservationSource,
  ObservationStore,
} from '../database/ObservationStore';
import { KubernetesQueryClient } from './KubernetesQueryClient';
import { KubernetesType } from './kubernetesTypes';
import { kubernetesSource, listCluster } from './listCluster';

/** What the catalog's datastores need observed this cycle. */
export interface LiveUsage {
  /** The Kubernetes types in use. */
  kubernetes: KubernetesType[];
  /** Per cloud lister (`rds`, `neon`), the names of its objects in use. */
  cloud: Record<string, string[]>;
}

/**
 * A cloud account's list (RDS in a region, Neon's projects): read once per cycle, whatever the
 * number of datastores, keeping the objects in use.
 */
export interface CloudLister {
  /** The key of {@link LiveUsage.cloud} it serves. */
  id: string;
  source: ObservationSource;
  list(
    names: string[],
  ): Promise<{ observations: Observation[]; calls: number }>;
}

export interface CollectSummary {
  /** Sources read and stored, e.g. `kubernetes/prod-eu/postgresql.cnpg.io/clusters`. */
  stored: string[];
  /** Sources that failed, with why: their last observations stay, stale. */
  failed: Array<{ source: string; reason: string }>;
  /** Sources whose type the cluster does not serve (no CRD): stored as holding nothing. */
  notServed: string[];
  /**
   * Sources forgotten: of a cluster the Kubernetes backend no longer has, a type no datastore
   * uses any more, or a cloud list nothing in the catalog needs. Their objects are no one's.
   */
  pruned: string[];
  /** Objects stored, over every source. */
  objects: number;
  /** Calls to the clusters (list pages) and clouds, over every source. */
  calls: number;
  /** How long the cycle took. */
  durationMs: number;
}

/** The clusters the Kubernetes backend has: an observation itself, so the status can tell none. */
export const CLUSTERS_SOURCE: ObservationSource = {
  id: 'kubernetes/clusters',
  kind: 'kubernetes/clusters',
};

/** The collector's own cycles: the last one's summary, observed when it started. */
export const CYCLE_SOURCE: ObservationSource = {
  id: 'collector/cycle',
  kind: 'collector/cycle',
};

/**
 * One collector cycle: for every cluster of the Kubernetes backend and every type in use, one
 * paginated list across namespaces of the objects labelled with a service (stores: all of
 * them), stored as that source's observations; then each cloud account's list. Clusters are
 * read side by side, each within its own deadline, so one that hangs or fails keeps its last
 * observations (then stale, with the reason) and does not hold the others back.
 */
export class LiveCollector {
  constructor(
    private readonly deps: {
      kubernetes?: Pick<KubernetesQueryClient, 'clusters' | 'listAll'>;
      cloud?: CloudLister[];
      store: ObservationStore;
      logger: LoggerService;
      /** What is in use (what the catalog's datastores need), asked at every cycle. */
      usage: () => Promise<LiveUsage>;
      /** How long one cluster may take for all its types. */
      clusterDeadlineMs: number;
      pageSize: number;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.deps.now ?? (() => new Date()))();
  }

  async collect(): Promise<CollectSummary> {
    const summary: CollectSummary = {
      stored: [],
      failed: [],
      notServed: [],
      pruned: [],
      objects: 0,
      calls: 0,
      durationMs: 0,
    };
    const startedAt = this.now();
    const started = performance.now();
    // Which replica runs a cycle shows in its log: the scheduler runs it on one of them.
    this.deps.logger.info(
      `Collector cycle started at ${startedAt.toISOString()}`,
    );
    const usage = await this.deps.usage();
    await Promise.all([
      this.collectKubernetes(usage.kubernetes, summary),
      ...(this.deps.cloud ?? []).map(lister =>
        this.collectCloud(lister, usage.cloud[lister.id] ?? [], summary),
      ),
    ]);
    summary.durationMs = Math.round(performance.now() - started);
    await this.deps.store.replace(
      CYCLE_SOURCE,
      [{ namespace: '', name: 'last', object: summary }],
      startedAt,
    );
    this.deps.logger.info(
      `Collector cycle of ${startedAt.toISOString()} done in ${
        summary.durationMs
      } ms: ${summary.calls} calls, ${summary.objects} objects, ${
        summary.failed.length
      } sources failed`,
    );
    return summary;
  }

  private async failed(
    summary: CollectSummary,
    source: ObservationSource,
    error: unknown,
  ) {
    const reason = (error as Error).message;
    await this.deps.store.markFailed(source, reason, this.now());
    summary.failed.push({ source: source.id, reason });
    this.deps.logger.warn(
      `Could not collect ${source.id}: ${reason}; its last observations are kept, stale`,
    );
  }

  private async stored(
    summary: CollectSummary,
    source: ObservationSource,
    observations: Observation[],
    at: Date,
  ) {
    await this.deps.store.replace(source, observations, at);
    summary.stored.push(source.id);
    summary.objects += observations.length;
  }

  private async collectKubernetes(
    types: KubernetesType[],
    summary: CollectSummary,
  ) {
    const client = this.deps.kubernetes;
    if (!client) return;
    const startedAt = this.now();
    let clusters: string[];
    try {
      clusters = await client.clusters();
      summary.calls += 1;
    } catch (error) {
      await this.failed(summary, CLUSTERS_SOURCE, error);
      return;
    }
    await this.stored(
      summary,
      CLUSTERS_SOURCE,
      clusters.map(name => ({ namespace: '', name, object: { name } })),
      startedAt,
    );
    await Promise.all(
      clusters.map(cluster => this.collectCluster(cluster, types, summary)),
    );
    // Only after a cluster list that worked: a failed one says nothing about what is gone.
    const wanted = new Set(
      clusters.flatMap(cluster =>
        types.map(type => kubernetesSource(cluster, type).id),
      ),
    );
    await this.prune(
      summary,
      source =>
        source.id.startsWith('kubernetes/') &&
        source.id !== CLUSTERS_SOURCE.id &&
        !wanted.has(source.id),
    );
  }

  private async prune(
    summary: CollectSummary,
    gone: (source: { id: string }) => boolean,
  ) {
    const ids = (await this.deps.store.sources()).filter(gone).map(s => s.id);
    if (!ids.length) return;
    await this.deps.store.remove(ids);
    summary.pruned.push(...ids);
  }

  private async collectCluster(
    cluster: string,
    types: KubernetesType[],
    summary: CollectSummary,
  ) {
    const listings = listCluster(this.deps.kubernetes!, cluster, types, {
      // Every service's objects (by the label's presence); stores carry no label: all of them.
      labelSelector: type =>
        type.unlabelled ? undefined : KUBERNETES_ID_LABEL,
      deadlineMs: this.deps.clusterDeadlineMs,
      pageSize: this.deps.pageSize,
      now: () => this.now(),
    });
    for await (const listing of listings) {
      if (!listing.ok) {
        await this.failed(summary, listing.source, new Error(listing.reason));
        continue;
      }
      summary.calls += listing.pages;
      await this.stored(
        summary,
        listing.source,
        listing.observations,
        listing.startedAt,
      );
      if (listing.notServed) summary.notServed.push(listing.source.id);
    }
  }

  private async collectCloud(
    lister: CloudLister,
    names: string[],
    summary: CollectSummary,
  ) {
    if (!names.length) {
      await this.prune(summary, source => source.id === lister.source.id);
      return;
    }
    const startedAt = this.now();
    try {
      const { observations, calls } = await lister.list(names);
      summary.calls += calls;
      await this.stored(summary, lister.source, observations, startedAt);
    } catch (error) {
      await this.failed(summary, lister.source, error);
    }
  }
}
