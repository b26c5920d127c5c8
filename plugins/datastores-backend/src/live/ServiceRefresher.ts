import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { KUBERNETES_ID_LABEL } from '@datastores/plugin-datastores-common';
import {
  ObservationSource,
  ObservationStore,
} from '../database/ObservationStore';
import { KubernetesQueryClient } from './KubernetesQueryClient';
import { KubernetesType } from './kubernetesTypes';
import { listCluster } from './listCluster';

/**
 * The last per-service refresh: written with every refresh, so that every replica's
 * `LatestObservations` sees within its check that the observations moved, as after a cycle.
 */
export const REFRESH_SOURCE: ObservationSource = {
  id: 'collector/refresh',
  kind: 'collector/refresh',
};

/** How one cluster went in a refresh. */
export interface ClusterRefresh {
  cluster: string;
  /** Every type listed and stored. */
  ok: boolean;
  /** The types that could not be listed, with why: their last observations are kept. */
  failed: Array<{ plural: string; reason: string }>;
}

/** What a per-service refresh did. */
export interface ServiceRefreshSummary {
  kubernetesId: string;
  /** When it started (ISO 8601): what its observations are stamped with, at the latest. */
  refreshedAt: string;
  clusters: ClusterRefresh[];
  /** Calls to the clusters (list pages), plus the Kubernetes backend's cluster list. */
  calls: number;
  durationMs: number;
}

/**
 * Re-reads one service's objects at once, instead of waiting for the next cycle: in every
 * cluster of the Kubernetes backend, each labelled type the service uses, listed with
 * `backstage.io/kubernetes-id=<id>` (the collector's listing, a narrower selector), and stored
 * per type with `replaceFor`, leaving every other service's observations alone. Clusters are
 * read side by side within `clusterDeadlineMs` each; a failing one keeps what it held.
 *
 * Stores (SecretStore, ClusterSecretStore) are not re-listed: they carry no service label, so
 * one service's refresh cannot replace them without re-listing them for everyone; the cycle
 * keeps them current. A refresh does not clear a source's failure either: the failure was the
 * whole list's, and only the next cycle proves the whole list again.
 */
export class ServiceRefresher {
  constructor(
    private readonly deps: {
      kubernetes: Pick<KubernetesQueryClient, 'clusters' | 'listAll'>;
      store: ObservationStore;
      logger: LoggerService;
      clusterDeadlineMs: number;
      pageSize: number;
      now?: () => Date;
    },
  ) {}

  private now() {
    return (this.deps.now ?? (() => new Date()))();
  }

  async refresh(
    kubernetesId: string,
    types: KubernetesType[],
  ): Promise<ServiceRefreshSummary> {
    const startedAt = this.now();
    const started = performance.now();
    const labelled = types.filter(t => !t.unlabelled);
    // The Kubernetes backend's configuration, not a cluster: a removed cluster is not refreshed.
    let clusters: string[];
    try {
      clusters = await this.deps.kubernetes.clusters();
    } catch (error) {
      throw new ServiceUnavailableError(
        `Could not refresh ${kubernetesId}: ${
          (error as Error).message
        }; its observations are kept as the last cycle saw them`,
      );
    }
    const summary: ServiceRefreshSummary = {
      kubernetesId,
      refreshedAt: startedAt.toISOString(),
      clusters: [],
      calls: 1,
      durationMs: 0,
    };
    summary.clusters = await Promise.all(
      clusters.map(cluster =>
        this.refreshCluster(cluster, kubernetesId, labelled, summary),
      ),
    );
    summary.durationMs = Math.round(performance.now() - started);
    await this.deps.store.replace(
      REFRESH_SOURCE,
      [{ namespace: '', name: 'last', object: summary }],
      this.now(),
    );
    const failed = summary.clusters.filter(c => !c.ok).map(c => c.cluster);
    this.deps.logger.info(
      `Refreshed the live state of ${kubernetesId} in ${
        summary.durationMs
      } ms: ${summary.calls} calls${
        failed.length ? `; clusters failed: ${failed.join(', ')}` : ''
      }`,
    );
    return summary;
  }

  private async refreshCluster(
    cluster: string,
    kubernetesId: string,
    types: KubernetesType[],
    summary: ServiceRefreshSummary,
  ): Promise<ClusterRefresh> {
    const failed: ClusterRefresh['failed'] = [];
    const listings = listCluster(this.deps.kubernetes, cluster, types, {
      labelSelector: () => `${KUBERNETES_ID_LABEL}=${kubernetesId}`,
      deadlineMs: this.deps.clusterDeadlineMs,
      pageSize: this.deps.pageSize,
      now: () => this.now(),
    });
    for await (const listing of listings) {
      if (!listing.ok) {
        failed.push({ plural: listing.type.plural, reason: listing.reason });
        continue;
      }
      summary.calls += listing.pages;
      await this.deps.store.replaceFor(
        listing.source,
        kubernetesId,
        listing.observations,
        listing.startedAt,
      );
    }
    return { cluster, ok: failed.length === 0, failed };
  }
}
