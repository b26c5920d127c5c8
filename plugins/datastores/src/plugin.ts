import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { ReactElement } from 'react';
import { DatastoresClient, datastoresApiRef } from './api';
import {
  DatastoreDecisionPreview,
  validateDecision,
} from './components/DatastoreDecisionPreview';
import {
  DatastoreNameConfirmation,
  validateNameConfirmation,
} from './components/DatastoreNameConfirmation';
import {
  DatastoreNameField,
  validateDatastoreName,
} from './components/DatastoreNameField';
import {
  fleetRouteRef,
  rootRouteRef,
  scaffolderTemplateRouteRef,
} from './routes';

/**
 * The datastores plugin for apps on the legacy frontend system.
 * Apps on the new frontend system use the default export of `@datastores/plugin-datastores/alpha`.
 * @public
 */
export const datastoresPlugin = createPlugin({
  id: 'datastores',
  apis: [
    createApiFactory({
      api: datastoresApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DatastoresClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef, fleet: fleetRouteRef },
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
});

/**
 * The entity card: the entity's databases and caches with backups, secret sync and pull
 * requests. Show it where {@link isDatastoresAvailable} holds.
 * @public
 */
export const EntityDatastoresCard: (props: {
  /** The card's title; "Datastores" by default. */
  title?: string;
}) => ReactElement = datastoresPlugin.provide(
  createComponentExtension({
    name: 'EntityDatastoresCard',
    component: {
      lazy: () =>
        import('./components/EntityDatastoresCard').then(
          m => m.EntityDatastoresCard,
        ),
    },
  }),
);

/**
 * The "Datastores" entity tab: the entity's datastores by environment, with the decision,
 * policy, backups, secret sync, how to connect and the pull requests of each.
 * @public
 */
export const EntityDatastoresContent: () => ReactElement =
  datastoresPlugin.provide(
    createRoutableExtension({
      name: 'EntityDatastoresContent',
      component: () =>
        import('./components/EntityDatastoresContent').then(
          m => m.EntityDatastoresContent,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The fleet page: every datastore of every service the user may read, production ones at risk
 * counted first, filterable (the filters stay in the URL), each row linking to its service's
 * "Datastores" tab. Mount it at `/datastores`.
 * @public
 */
export const DatastoresFleetPage: () => ReactElement = datastoresPlugin.provide(
  createRoutableExtension({
    name: 'DatastoresFleetPage',
    component: () =>
      import('./components/DatastoresFleetPage').then(
        m => m.DatastoresFleetPage,
      ),
    mountPoint: fleetRouteRef,
  }),
);

/**
 * The scaffolder field `DatastoreDecisionPreview`: how each environment's datastore will be run
 * and why, live as the template's answers change. Add it inside `<ScaffolderFieldExtensions>`.
 * @public
 */
export const DatastoreDecisionPreviewFieldExtension = datastoresPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DatastoreDecisionPreview',
    component: DatastoreDecisionPreview,
    validation: validateDecision,
  }),
);

/**
 * The scaffolder field `DatastoreName`: the datastore name, with the names it leads to shown
 * live against every target's limit. Add it inside `<ScaffolderFieldExtensions>`.
 * @public
 */
export const DatastoreNameFieldExtension = datastoresPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DatastoreName',
    component: DatastoreNameField,
    validation: validateDatastoreName,
  }),
);

/**
 * The scaffolder field `DatastoreNameConfirmation`: the datastore's name typed again before a
 * decommission; the step does not go on until it matches the form's `name`. Add it inside
 * `<ScaffolderFieldExtensions>`.
 * @public
 */
export const DatastoreNameConfirmationFieldExtension = datastoresPlugin.provide(
  createScaffolderFieldExtension({
    name: 'DatastoreNameConfirmation',
    component: DatastoreNameConfirmation,
    validation: validateNameConfirmation,
  }),
);
