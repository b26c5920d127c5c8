import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { TARGETS } from '@datastores/plugin-datastores-common';
import {
  parseRepoCoordinates,
  readTargets,
} from '@datastores/plugin-datastores-node';
import { DatastoresEntityProvider } from './DatastoresEntityProvider';

/** The catalog's task that reads the target repos. @public */
export const ENTITIES_TASK = 'datastores-entities';

/**
 * Adds the datastores entity provider to the catalog: every datastore's `Resource` entity, from
 * the Terraform and GitOps repos of `datastores.targets`, every 2 minutes
 * (`catalog.providers.datastores.schedule`) and at once on a GitHub push to either repo
 * (through the events backend's GitHub module).
 * @public
 */
export const catalogModuleDatastoresEntities = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'datastores-entities',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        reader: coreServices.urlReader,
        catalog: catalogProcessingExtensionPoint,
        events: eventsServiceRef,
      },
      async init({ config, logger, scheduler, reader, catalog, events }) {
        if (!config.has('datastores.targets')) {
          logger.info(
            'datastores.targets is not configured: the catalog gets no datastore entities from the target repos',
          );
          return;
        }
        // Only the repos: the providers and the policy are the datastores backend's to check.
        const datastores = { targets: readTargets(config) };
        const provider = new DatastoresEntityProvider({
          config: datastores,
          reader,
          logger,
        });
        catalog.addEntityProvider(provider);

        const scheduleKey = 'catalog.providers.datastores.schedule';
        await scheduler.scheduleTask({
          id: ENTITIES_TASK,
          ...(config.has(scheduleKey)
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                config.getConfig(scheduleKey),
              )
            : {
                frequency: { minutes: 2 },
                timeout: { minutes: 1 },
                initialDelay: { seconds: 10 },
              }),
          fn: async () => {
            const summary = await provider.refresh();
            if (summary.added || summary.removed) {
              logger.info('Refreshed the datastore entities', { ...summary });
            }
          },
        });

        // A push to a target repo (a merged pull request) is read at once.
        const repos = TARGETS.map(t => {
          const { owner, name } = parseRepoCoordinates(
            datastores.targets[t].repoUrl,
          );
          return `${owner}/${name}`.toLocaleLowerCase('en-US');
        });
        await events.subscribe({
          id: 'catalog-datastores-entities',
          topics: ['github.push'],
          async onEvent({ eventPayload }) {
            const fullName = (
              eventPayload as { repository?: { full_name?: string } }
            )?.repository?.full_name?.toLocaleLowerCase('en-US');
            if (!fullName || !repos.includes(fullName)) return;
            await scheduler.triggerTask(ENTITIES_TASK).catch(error => {
              // Already running: its next scheduled run reads the push.
              logger.debug(`Did not run ${ENTITIES_TASK} now: ${error}`);
            });
          },
        });
      },
    });
  },
});
