import { InputError, NotFoundError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { GithubClient } from './client';
import { graphqlUrlFor } from './repoCoordinates';
import { RepoCoordinates } from './types';

/** A client for one repository, authenticated through Backstage's GitHub integrations. */
export async function githubClientFor(
  repo: RepoCoordinates,
  deps: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
    fetch?: typeof fetch;
  },
): Promise<GithubClient> {
  const integration = deps.integrations.github.byHost(repo.host);
  if (!integration) {
    throw new NotFoundError(
      `No GitHub integration covers host "${repo.host}" (repository ${repo.owner}/${repo.name}); add it under integrations.github in app-config`,
    );
  }
  const url = `https://${repo.host}/${repo.owner}/${repo.name}`;
  const credentials = await deps.credentialsProvider.getCredentials({ url });
  const headers =
    credentials.headers ??
    (credentials.token
      ? { Authorization: `Bearer ${credentials.token}` }
      : undefined);
  if (!headers) {
    throw new InputError(
      `No GitHub credentials for ${url}: configure a token or a GitHub App for host "${repo.host}" under integrations.github`,
    );
  }
  const apiBaseUrl = integration.config.apiBaseUrl ?? 'https://api.github.com';
  return new GithubClient({
    apiBaseUrl,
    graphqlUrl: graphqlUrlFor(apiBaseUrl),
    headers,
    fetch: deps.fetch,
  });
}
