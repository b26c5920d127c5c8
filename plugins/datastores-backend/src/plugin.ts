import {
  coreServices,
  createBackendPlugin,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  datastoresPermissions,
  Target,
  TARGETS,
} from '@datastores/plugin-datastores-common';
import {
  pullRequestEngineServiceRef,
  DatastoresConfig,
  githubCredentialsProblem,
  parseRepoCoordinates,
  DatastoreProvider,
  DatastoreProviders,
  datastoresProvidersExtensionPoint,
  readCosts,
  readDatastoresConfig,
  readPolicy,
} from '@datastores/plugin-datastores-node';
import { DatabaseRequestStore } from './database/RequestStore';
import { NoticeStore } from './database/NoticeStore';
import { LatestRequests } from './database/LatestRequests';
import { scheduleFromConfig } from './scheduleFromConfig';
import { setupLive } from './live/setupLive';
import { createRouter } from './router';
import { DatastoresService } from './services/DatastoresService';
import { EntityRefreshService } from './services/EntityRefreshService';
import { RefreshRateLimit } from './services/RefreshRateLimit';
import { FleetService } from './services/FleetService';
import { NameOwners } from './services/NameOwners';
import { RequestRefresher } from './services/RequestRefresher';
import { LifecycleNotifier } from './services/LifecycleNotifier';
import { refreshOnGithubEvents, TaskTrigger } from './services/githubEvents';
import { registerProvisionDryRunAction, registerReadActions } from './actions';

const REFRESH_TASK = 'datastores-refresh-requests';
const NOTIFY_TASK = 'datastores-notify';

/**
 * The targets whose repos the product has GitHub credentials for. Says once, at start, which
 * have none and how to fix it, rather than failing on them every refresh cycle.
 */
async function readableTargets(
  config: DatastoresConfig,
  deps: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
    logger: LoggerService;
  },
): Promise<Set<Target>> {
  const readable = new Set<Target>();
  const missing: Array<{ target: Target; repoUrl: string; host: string }> = [];
  for (const target of TARGETS) {
    const { repoUrl } = config.targets[target];
    let problem: string | undefined;
    try {
      problem = await githubCredentialsProblem(repoUrl, deps);
    } catch (error) {
      // Credentials are configured but could not be had just now (an app's token request, say):
      // the refresh tries, and reports what fails.
      deps.logger.warn(
        `Could not check the GitHub credentials for ${repoUrl} (datastores.targets.${target}): ${
          (error as Error).message
        }`,
      );
    }
    if (problem) {
      missing.push({
        target,
        repoUrl,
        host: parseRepoCoordinates(repoUrl).host,
      });
    } else {
      readable.add(target);
    }
  }
  if (missing.length) {
    const hosts = [...new Set(missing.map(m => `"${m.host}"`))].join(', ');
    const repos = missing
      .map(m => `${m.repoUrl} (datastores.targets.${m.target})`)
      .join(', ');
    const [them, their] =
      missing.length === 1 ? ['it', 'its'] : ['them', 'their'];
    const effect = readable.size
      ? `the refresh skips ${them} (no rediscovery of requests from ${them}, no refresh of ${their} pull requests) and keeps ${[
          ...readable,
        ]
          .map(t => `datastores.targets.${t}`)
          .join(', ')} current`
      : 'requests are not kept current: the refresh task is not scheduled (no rediscovery of requests from the repos, no pull request states or checks, no apply results, no removal of what a merged decommission took)';
    deps.logger.warn(
      `No GitHub credentials for ${repos}, so ${effect}. To fix, configure integrations.github in app-config with a token or a GitHub App (installed for the repos' owner) for host ${hosts}, and restart the backend.`,
    );
  }
  return readable;
}

/**
 * The datastores backend plugin: the REST API behind the entity card and the form, the store
 * of provisioning requests, and the task that keeps them in step with their pull requests.
 * @public
 */
export const datastoresPlugin = createBackendPlugin({
  pluginId: 'datastores',
  register(env) {
    // Provider modules add theirs before init (see createDatastoreProviderFeature).
    const added: DatastoreProvider[] = [];
    env.registerExtensionPoint(datastoresProvidersExtensionPoint, {
      addProvider(...providers) {
        added.push(...providers);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        cache: coreServices.cache,
        discovery: coreServices.discovery,
        notifications: notificationService,
        signals: signalsServiceRef,
        events: eventsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        engine: pullRequestEngineServiceRef,
      },
      async init(deps) {
        const { config, logger } = deps;
        const providers = DatastoreProviders.create(added);
        const policy = readPolicy(config, providers);
        deps.permissionsRegistry.addPermissions(datastoresPermissions);
        // Every request in memory, reloaded when the revision moves: reads ask the database
        // for one number per second, not for a list per status call.
        const store = new LatestRequests(
          await DatabaseRequestStore.create({ database: deps.database }),
        );
        const {
          reader: live,
          store: observations,
          latest,
          refresher: serviceRefresher,
          crossplane,
        } = await setupLive(config, { ...deps, providers });
        const service = new DatastoresService({
          catalog: deps.catalog,
          store,
          permissions: deps.permissions,
          policy,
          providers: providers.catalog,
          prices: readCosts(config, providers),
          live,
          catalogCacheTtlMs:
            (config.getOptionalNumber('datastores.catalogCacheTtlSeconds') ??
              10) * 1000,
        });
        const refresh = new EntityRefreshService({
          datastores: service,
          live,
          refresher: serviceRefresher,
          latest,
          crossplane,
          providers,
          rateLimit: new RefreshRateLimit({
            cache: deps.cache,
            minIntervalMs:
              (config.getOptionalNumber(
                'datastores.live.refreshMinIntervalSeconds',
              ) ?? 30) * 1000,
          }),
        });
        const fleet = new FleetService({
          catalog: deps.catalog,
          auth: deps.auth,
          requests: store,
          observations: latest,
          live,
          policy,
          providers: providers.catalog,
          ttlMs:
            (config.getOptionalNumber('datastores.fleet.cacheTtlSeconds') ??
              10) * 1000,
          catalogCacheTtlMs:
            (config.getOptionalNumber('datastores.catalogCacheTtlSeconds') ??
              10) * 1000,
        });
        const names = new NameOwners({
          catalog: deps.catalog,
          store,
          auth: deps.auth,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            service,
            refresh,
            fleet,
            store,
            observations,
            names,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        const targets = config.has('datastores.targets')
          ? readDatastoresConfig(config, providers)
          : undefined;
        // The same answers for agents (the actions registry, served over MCP by
        // @backstage/plugin-mcp-actions-backend), with the caller's credentials.
        registerReadActions(deps.actionsRegistry, { service, fleet });
        registerProvisionDryRunAction(deps.actionsRegistry, {
          config: targets,
          catalog: deps.catalog,
          names,
          permissions: deps.permissions,
        });

        // Tells requesters and owners as lifecycles move; on its own schedule, as self-hosted
        // datastores move on what the collector observes, and after every request refresh.
        const notifier = new LifecycleNotifier({
          rows: () => fleet.everyRow(),
          requests: store,
          notices: await NoticeStore.create({ database: deps.database }),
          notifications:
            config.getOptionalBoolean('datastores.notifications.enabled') ===
            false
              ? undefined
              : deps.notifications,
          signals: deps.signals,
          logger,
        });
        const notify = async () => {
          const summary = await notifier.run();
          if (summary.sent || summary.errors.length) {
            logger.info('Told datastore lifecycle transitions', {
              sent: summary.sent,
              changed: summary.changed,
              errors: summary.errors.length,
            });
          }
        };
        await deps.scheduler.scheduleTask({
          id: NOTIFY_TASK,
          ...scheduleFromConfig(config, 'datastores.notifications.schedule', {
            frequency: { seconds: 30 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 30 },
          }),
          fn: notify,
        });

        const integrations = ScmIntegrations.fromConfig(config);
        const credentialsProvider =
          DefaultGithubCredentialsProvider.fromIntegrations(integrations);
        // Refreshing needs GitHub: without credentials for any target there is nothing to do.
        const readable = targets
          ? await readableTargets(targets, {
              integrations,
              credentialsProvider,
              logger,
            })
          : undefined;
        if (readable && readable.size === 0) return;
        const refresher = new RequestRefresher({
          store,
          engine: deps.engine,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          names,
          trustedAuthors: config.getOptionalStringArray(
            'datastores.refresh.trustedAuthors',
          ),
          config: targets,
          readableTargets: readable,
        });
        const schedule = scheduleFromConfig(
          config,
          'datastores.refresh.schedule',
          {
            frequency: { minutes: 5 },
            // A backend that dies mid-refresh holds the task's lock until this timeout; a
            // cycle takes seconds, so a minute keeps the pause after a crash short.
            timeout: { minutes: 1 },
            initialDelay: { minutes: 1 },
          },
        );
        // The scheduler runs the task on one replica at a time.
        await deps.scheduler.scheduleTask({
          id: REFRESH_TASK,
          ...schedule,
          fn: async signal => {
            const summary = await refresher.refresh(signal);
            await notify();
            logger.info('Refreshed datastore requests', {
              rediscovered: summary.rediscovered,
              refreshed: summary.refreshed,
              unregistered: summary.unregistered.length,
              ignored: summary.ignored.length,
              errors: summary.errors.length,
            });
          },
        });
        // GitHub webhooks (through the events backend's GitHub module) run it at once.
        const trigger = new TaskTrigger(
          () => deps.scheduler.triggerTask(REFRESH_TASK),
          { logger },
        );
        await refreshOnGithubEvents({
          events: deps.events,
          // The target repos, and those of recorded pull requests (a backend without
          // `datastores.targets` still follows what the action recorded).
          watches: async repo => {
            const same = (other: string) =>
              other.toLocaleLowerCase('en-US') ===
              repo.toLocaleLowerCase('en-US');
            const configured = targets
              ? TARGETS.map(t =>
                  parseRepoCoordinates(targets.targets[t].repoUrl),
                )
              : [];
            if (configured.some(c => same(`${c.owner}/${c.name}`))) {
              return true;
            }
            return (await store.list()).some(r =>
              r.request.pullRequests.some(p => same(p.repo)),
            );
          },
          refresh: () => void trigger.request(),
          logger,
        });
      },
    });
  },
});
