import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './router';

/**
 * The datastores backend plugin: the REST API behind the entity card and the form.
 * @public
 */
export const datastoresPlugin = createBackendPlugin({
  pluginId: 'datastores',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ httpRouter, logger }) {
        httpRouter.use(await createRouter());
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info('Datastores backend ready');
      },
    });
  },
});
