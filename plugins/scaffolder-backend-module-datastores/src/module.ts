import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  DatastoreProvider,
  DatastoreProviders,
  pullRequestEngineServiceRef,
  scaffolderDatastoresProvidersExtensionPoint,
  readDatastoresConfig,
  readPolicy,
} from '@datastores/plugin-datastores-node';
import { createDatastoresActions } from './actions';
import {
  createNameOwnersReader,
  createRequestRecorder,
  createRequestsReader,
} from './datastoresBackend';

/**
 * Registers the `datastores:*` actions with the scaffolder.
 * @public
 */
export const scaffolderDatastoresModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'datastores',
  register({ registerInit, registerExtensionPoint }) {
    // Provider modules add theirs before init (see createDatastoreProviderFeature).
    const added: DatastoreProvider[] = [];
    registerExtensionPoint(scaffolderDatastoresProvidersExtensionPoint, {
      addProvider(...providers) {
        added.push(...providers);
      },
    });
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        catalog: catalogServiceRef,
        scaffolderActions: scaffolderActionsExtensionPoint,
        engine: pullRequestEngineServiceRef,
      },
      async init({
        config,
        logger,
        auth,
        discovery,
        permissions,
        catalog,
        scaffolderActions,
        engine,
      }) {
        // Deciding needs only the policy; provisioning also needs the target repos, and says
        // so when it runs without them, so the rest of the scaffolder starts either way.
        const providers = DatastoreProviders.create(added);
        const datastores = config.has('datastores.targets')
          ? readDatastoresConfig(config, providers)
          : undefined;
        if (!datastores) {
          logger.info(
            'datastores.targets is not configured: datastores:provision will refuse to run',
          );
        }
        scaffolderActions.addActions(
          ...createDatastoresActions({
            policy: datastores?.policy ?? readPolicy(config, providers),
            providers: providers.catalog,
            config: datastores,
            catalog,
            permissions,
            engine,
            recordRequest: createRequestRecorder({ auth, discovery }),
            nameOwners: createNameOwnersReader({ auth, discovery }),
            requests: createRequestsReader({ auth, discovery }),
          }),
        );
      },
    });
  },
});
