import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { datastoresPermissions } from '@datastores/plugin-datastores-common';
import { readPolicy } from '@datastores/plugin-datastores-node';
import { DatabaseRequestStore } from './database/RequestStore';
import { createRouter } from './router';
import { DatastoresService } from './services/DatastoresService';

/**
 * The datastores backend plugin: the REST API behind the entity card and the form.
 * @public
 */
export const datastoresPlugin = createBackendPlugin({
  pluginId: 'datastores',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(datastoresPermissions);
        const store = await DatabaseRequestStore.create({
          database: deps.database,
        });
        const service = new DatastoresService({
          catalog: deps.catalog,
          store,
          permissions: deps.permissions,
          policy: readPolicy(deps.config),
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            service,
            store,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
