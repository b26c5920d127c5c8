import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createPullRequestEngine, PullRequestEngine } from './engine';

/**
 * The pull request engine of a backend, one for every plugin and module in it: the datastores
 * backend (refresh, rediscovery) and the scaffolder module (the actions) share its GitHub
 * clients, token cache and retries, on the `integrations.github` credentials of app-config.
 * Replace it with a factory of your own (or `createServiceFactory` in a test) to point both
 * elsewhere.
 * @public
 */
export const pullRequestEngineServiceRef = createServiceRef<PullRequestEngine>({
  id: 'datastores.pull-request-engine',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        const integrations = ScmIntegrations.fromConfig(config);
        return createPullRequestEngine({
          integrations,
          credentialsProvider:
            DefaultGithubCredentialsProvider.fromIntegrations(integrations),
          logger: logger.child({ service: 'datastores-pull-requests' }),
        });
      },
    }),
});
