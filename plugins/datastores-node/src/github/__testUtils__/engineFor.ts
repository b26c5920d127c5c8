import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { GithubServer } from '@datastores/test-servers';
import { createPullRequestEngine } from '../engine';
import { RetryOptions } from '../retry';

/** The engine as Backstage's `integrations.github` configures it, with a token, on `server`. */
export function engineFor(server: GithubServer, retry?: RetryOptions) {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: new URL(server.url).host,
            apiBaseUrl: server.apiBaseUrl,
            token: 't',
          },
        ],
      },
    }),
  );
  return createPullRequestEngine({
    integrations,
    credentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    retry,
  });
}
