import {
  AuthService,
  DatabaseService,
  DiscoveryService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DatastoreProviders } from '@datastores/plugin-datastores-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DatabaseObservationStore } from '../database/ObservationStore';
import { CloudLister, LiveCollector } from './LiveCollector';
import { KubernetesQueryClient } from './KubernetesQueryClient';
import { LatestObservations } from './LatestObservations';
import { scheduleFromConfig } from '../scheduleFromConfig';
import { LiveStatusReader } from './LiveStatusReader';
import { neonLister, rdsLister } from './cloudListers';
import { crossplaneKindsFromConfig } from './kubernetesTypes';
import { neonReaderFromConfig } from './NeonReader';
import { rdsReaderFromConfig } from './RdsReader';
import { ServiceRefresher } from './ServiceRefresher';
import { usageFromCatalog } from './usageFromCatalog';

/** The collector's task id: one run per cycle across every replica. */
export const COLLECT_TASK_ID = 'datastores-collect-live';

/**
 * Live status: the collector (scheduled once per cycle across replicas) that stores what the
 * clusters, AWS and Neon hold, and the reader the status endpoint refines declared statuses
 * with, from those observations only.
 */
export async function setupLive(
  config: Config,
  deps: {
    database: DatabaseService;
    discovery: DiscoveryService;
    auth: AuthService;
    permissions: PermissionsService;
    scheduler: SchedulerService;
    catalog: CatalogService;
    logger: LoggerService;
    /** The installed providers: what is read of each one's datastores. */
    providers: DatastoreProviders;
  },
) {
  const store = await DatabaseObservationStore.create({
    database: deps.database,
  });
  // On by default when the Kubernetes backend is configured in this backend.
  const kubernetesEnabled =
    config.getOptionalBoolean('datastores.live.kubernetes.enabled') ??
    config.has('kubernetes');
  const rds = rdsReaderFromConfig(
    config.getOptionalConfig('datastores.live.rds'),
  );
  const neon = neonReaderFromConfig(
    config.getOptionalConfig('datastores.live.neon'),
  );
  const cloud: CloudLister[] = [
    ...(rds ? [rdsLister(rds)] : []),
    ...(neon ? [neonLister(neon)] : []),
  ];
  const crossplane = crossplaneKindsFromConfig(config);
  const latest = new LatestObservations(store);
  const reader = LiveStatusReader.fromConfig(config, {
    observations: latest,
    kubernetes: kubernetesEnabled,
    cloud: Object.fromEntries(cloud.map(l => [l.id, l.source])),
    permissions: deps.permissions,
    providers: deps.providers,
  });
  const kubernetesTimeoutMs =
    config.getOptionalNumber('datastores.live.kubernetes.timeoutMs') ?? 10_000;
  const pageSize =
    config.getOptionalNumber('datastores.live.kubernetes.pageSize') ?? 500;
  const collector = new LiveCollector({
    kubernetes: kubernetesEnabled
      ? new KubernetesQueryClient({
          discovery: deps.discovery,
          auth: deps.auth,
          // No user waits on the collector: a generous bound per call rides out a cold proxy
          // (the Kubernetes backend's first proxied call per cluster takes seconds).
          timeoutMs: kubernetesTimeoutMs,
        })
      : undefined,
    cloud,
    store,
    logger: deps.logger,
    usage: () =>
      usageFromCatalog({
        catalog: deps.catalog,
        auth: deps.auth,
        crossplane,
        providers: deps.providers,
      }),
    clusterDeadlineMs:
      config.getOptionalNumber(
        'datastores.live.kubernetes.clusterDeadlineMs',
      ) ?? 20_000,
    pageSize,
  });
  // A user waits on a refresh: each cluster gets less time than a cycle, and no single call
  // may take longer than that.
  const refreshDeadlineMs =
    config.getOptionalNumber('datastores.live.refreshClusterDeadlineMs') ??
    10_000;
  const refresher = kubernetesEnabled
    ? new ServiceRefresher({
        kubernetes: new KubernetesQueryClient({
          discovery: deps.discovery,
          auth: deps.auth,
          timeoutMs: Math.min(kubernetesTimeoutMs, refreshDeadlineMs),
        }),
        store,
        logger: deps.logger,
        clusterDeadlineMs: refreshDeadlineMs,
        pageSize,
      })
    : undefined;
  if (kubernetesEnabled || cloud.length) {
    const schedule = scheduleFromConfig(config, 'datastores.live.schedule', {
      frequency: { seconds: 30 },
      // Well past a cycle's cluster deadline; a replica that dies mid-cycle holds the
      // task's lock until then, and another runs the next cycle.
      timeout: { minutes: 1 },
      initialDelay: { seconds: 5 },
    });
    await deps.scheduler.scheduleTask({
      id: COLLECT_TASK_ID,
      ...schedule,
      // The collector logs each cycle's start and what it did.
      fn: async () => {
        await collector.collect();
        // This replica reads its own cycle at once; the others within a second.
        latest.invalidate();
      },
    });
  }
  return { store, latest, reader, collector, refresher, crossplane };
}
