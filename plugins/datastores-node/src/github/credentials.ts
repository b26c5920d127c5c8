import { InputError, NotFoundError } from '@backstage/errors';
import {
  GithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import { GithubClient, GithubClientOptions } from './client';
import { parseRepoCoordinates } from './repoCoordinates';
import { RepoCoordinates } from './types';

/**
 * The headers that authenticate requests to one repository through Backstage's GitHub
 * integrations; throws when no integration covers its host, or the integration holds no
 * token or app for it.
 */
async function githubAuthFor(
  repo: RepoCoordinates,
  deps: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
  },
) {
  const integration = deps.integrations.github.byHost(repo.host);
  if (!integration) {
    throw new NotFoundError(
      `No GitHub integration covers host "${repo.host}" (repository ${repo.owner}/${repo.name}); add it under integrations.github in app-config`,
    );
  }
  const url = `https://${repo.host}/${repo.owner}/${repo.name}`;
  const token = async () => {
    const { token: current } = await deps.credentialsProvider.getCredentials({
      url,
    });
    if (!current) {
      throw new InputError(
        `No GitHub credentials for ${url}: configure a token or a GitHub App for host "${repo.host}" under integrations.github`,
      );
    }
    return current;
  };
  // Asked now, so that a missing configuration fails before any call.
  await token();
  return { integration, token };
}

/**
 * Why the product cannot authenticate to a repository, or undefined when it can: no GitHub
 * integration covers its host, or the integration has no token or app for it (Backstage adds a
 * github.com integration without credentials when none is configured). Resolves credentials as
 * every GitHub call does; an error while resolving them (an app's token request failing, say)
 * is not a missing configuration, so it rejects.
 * @public
 */
export async function githubCredentialsProblem(
  repoUrl: string,
  deps: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
  },
): Promise<string | undefined> {
  try {
    await githubAuthFor(parseRepoCoordinates(repoUrl), deps);
    return undefined;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InputError) {
      return error.message;
    }
    throw error;
  }
}

/**
 * A client for one repository, authenticated through Backstage's GitHub integrations (a token,
 * or a GitHub App's installation token, asked for each request).
 */
export async function githubClientFor(
  repo: RepoCoordinates,
  deps: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider: GithubCredentialsProvider;
  } & Omit<GithubClientOptions, 'apiBaseUrl' | 'token' | 'label'>,
): Promise<GithubClient> {
  const { integration, token } = await githubAuthFor(repo, deps);
  return new GithubClient({
    apiBaseUrl: integration.config.apiBaseUrl ?? 'https://api.github.com',
    token,
    fetch: deps.fetch,
    retry: deps.retry,
    clock: deps.clock,
    logger: deps.logger,
    label: `${repo.owner}/${repo.name}`,
  });
}
