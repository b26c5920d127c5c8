import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotImplementedError } from '@backstage/errors';
import { kubernetesResourcesReadPermission } from '@backstage/plugin-kubernetes-common';
import { RefreshedEntityDatastores } from '@datastores/plugin-datastores-common';
import { DatastoreProviders } from '@datastores/plugin-datastores-node';
import { CrossplaneKinds, typesFor } from '../live/kubernetesTypes';
import { LiveStatusReader } from '../live/LiveStatusReader';
import { ServiceRefresher } from '../live/ServiceRefresher';
import { DatastoresService } from './DatastoresService';
import { RefreshRateLimit } from './RefreshRateLimit';

/**
 * A refresh asked within the interval: a 429 with `Retry-After` (no `@backstage/errors` type
 * has that status, so the router sets it from this).
 */
export class RefreshTooSoonError extends Error {
  name = 'RefreshTooSoonError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly lastRefreshAt: string,
  ) {
    super(message);
  }
}

/**
 * "Refresh now" for one entity: checks, in this order and before any cluster call, that the
 * caller may read the entity (else not found), may read Kubernetes resources (else not
 * allowed), and that its service was not refreshed within the interval (else too soon); then
 * re-reads the service's objects and answers its datastores as the GET does, from the
 * refreshed observations. The cloud part (RDS, Neon) is left to the collector's cycle.
 */
export class EntityRefreshService {
  constructor(
    private readonly deps: {
      datastores: DatastoresService;
      live: LiveStatusReader;
      /** Absent when live status from Kubernetes is off. */
      refresher?: ServiceRefresher;
      /** Told after a refresh, so this replica's next read sees it at once. */
      latest: { invalidate(): void };
      rateLimit: RefreshRateLimit;
      crossplane: CrossplaneKinds;
      /** The installed providers: which operator objects a refresh reads. */
      providers: DatastoreProviders;
    },
  ) {}

  async refresh(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RefreshedEntityDatastores> {
    const { datastores, live, refresher, latest, rateLimit } = this.deps;
    const target = await datastores.refreshTarget(entityRef, credentials);
    if (!refresher) {
      throw new NotImplementedError(
        'Live status from Kubernetes is off in this backend (no kubernetes configuration, or datastores.live.kubernetes.enabled: false): there is nothing to refresh',
      );
    }
    if (!(await live.mayReadKubernetes(credentials))) {
      throw new NotAllowedError(
        `You may not read Kubernetes resources (${kubernetesResourcesReadPermission.name}), so you cannot refresh the live state of ${target.entityRef}; ask your Backstage admin for that permission`,
      );
    }
    const nothing = {
      refreshedAt: new Date().toISOString(),
      clusters: [],
      calls: 0,
    };
    if (!target.service || !target.datastores.length) {
      // Nothing is observed for it: no call, and no turn taken.
      return {
        ...(await datastores.listForEntity(entityRef, credentials)),
        refresh: nothing,
      };
    }
    const tooSoon = await rateLimit.claim(target.service.ref);
    if (tooSoon) {
      const ago = Math.max(
        0,
        Math.round((Date.now() - Date.parse(tooSoon.lastAt)) / 1000),
      );
      throw new RefreshTooSoonError(
        `${target.service.ref} was refreshed ${ago} s ago (at ${tooSoon.lastAt}); try again in ${tooSoon.retryAfterSeconds} s`,
        tooSoon.retryAfterSeconds,
        tooSoon.lastAt,
      );
    }
    const summary = await refresher.refresh(
      target.service.kubernetesId,
      typesFor(target.datastores, this.deps.crossplane, this.deps.providers),
    );
    latest.invalidate();
    const answer = await datastores.listForEntity(entityRef, credentials);
    const failed = summary.clusters.filter(c => !c.ok);
    return {
      ...answer,
      errors: [
        ...answer.errors,
        ...failed.map(c => ({
          message: `Refresh: cluster ${c.cluster} could not be read (${c.failed
            .map(f => f.reason)
            .join('; ')}); its last observations are shown`,
        })),
      ],
      refresh: {
        refreshedAt: summary.refreshedAt,
        calls: summary.calls,
        clusters: summary.clusters.map(c =>
          c.ok
            ? { cluster: c.cluster, status: 'refreshed' as const }
            : {
                cluster: c.cluster,
                status: 'failed' as const,
                reason: c.failed
                  .map(f => `${f.plural}: ${f.reason}`)
                  .join('; '),
              },
        ),
      },
    };
  }
}
