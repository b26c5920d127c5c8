import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readPolicy } from '@datastores/plugin-datastores-node';
import { createDatastoresActions } from './actions';

/**
 * Registers the `datastores:*` actions with the scaffolder.
 * @public
 */
export const scaffolderDatastoresModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'datastores',
  register({ registerInit }) {
    registerInit({
      deps: {
        config: coreServices.rootConfig,
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ config, scaffolderActions }) {
        scaffolderActions.addActions(
          ...createDatastoresActions({ policy: readPolicy(config) }),
        );
      },
    });
  },
});
