import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
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
        scaffolderActions: scaffolderActionsExtensionPoint,
      },
      async init({ scaffolderActions }) {
        scaffolderActions.addActions(...createDatastoresActions());
      },
    });
  },
});
