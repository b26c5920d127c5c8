import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  createGithubApp,
  GithubServer,
  startGithubServer,
} from '@datastores/test-servers';
import { createPullRequestEngine } from './engine';

const APP_ID = 4242;

const app = (
  installations: Parameters<typeof createGithubApp>[0]['installations'],
) => createGithubApp({ appId: APP_ID, slug: 'datastores-app', installations });

/** The engine as Backstage's GitHub integration configures it, with a GitHub App. */
function engineWithApp(server: GithubServer, privateKey: string) {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: {
        github: [
          {
            host: new URL(server.url).host,
            apiBaseUrl: server.apiBaseUrl,
            apps: [
              {
                appId: APP_ID,
                privateKey,
                clientId: 'Iv1.datastores',
                clientSecret: 'client-secret',
                webhookSecret: 'webhook-secret',
              },
            ],
          },
        ],
      },
    }),
  );
  return createPullRequestEngine({
    integrations,
    credentialsProvider:
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    retry: { initialDelayMs: 5, maxRetryTimeMs: 3000 },
  });
}

describe('the engine with a GitHub App', () => {
  // The installations differ by test: the stand-in is given them, not the fixture.
  const {
    server: { publicKey },
    integration: { privateKey },
  } = app([]);
  let server: GithubServer;
  let repo: string;

  beforeEach(async () => {
    server = await startGithubServer({
      apps: [
        {
          appId: APP_ID,
          slug: 'datastores-app',
          publicKey,
          installations: [
            { id: 7, account: 'acme', repositories: ['infra'] },
            { id: 8, account: 'other-org' },
          ],
        },
      ],
    });
    for (const [owner, name] of [
      ['acme', 'infra'],
      ['acme', 'secret'],
    ]) {
      server.seedRepo({ owner, name, files: { 'README.md': '# r\n' } });
    }
    repo = `${server.url}/acme/infra`;
  });
  afterEach(() => server.close());

  const request = (files: Record<string, string>) => ({
    repo,
    baseBranch: 'main',
    branch: 'datastores/orders-db',
    files,
    title: 'Provision orders-db',
    body: 'Body',
  });

  it("opens the pull request as the app's bot, with an installation token of the repository's owner", async () => {
    const engine = engineWithApp(server, privateKey);
    const result = await engine.openPullRequest(
      request({ 'db/main.tf': 'x\n' }),
    );
    expect(result.created).toBe(true);
    const [pr] = server.pullRequests('acme', 'infra');
    expect(pr.author).toBe('datastores-app[bot]');
    // Installation 7 is acme's; the token was asked once and reused.
    expect(server.apps.issued.map(t => t.installationId)).toEqual([7]);
    // The app's own calls are not the engine's: it counts the calls to the repository.
    expect(result.calls).toBe(2);
    expect(server.calls.filter(c => c.status === 401)).toEqual([]);
  });

  it('refuses what the installation was not given, as GitHub does', async () => {
    const engine = engineWithApp(server, privateKey);
    const error = await engine
      .openPullRequest({
        ...request({ a: 'b\n' }),
        repo: `${server.url}/acme/secret`,
      })
      .catch(e => e);
    // Backstage's credentials provider checks the installation's repositories first.
    expect(String(error.message)).toMatch(
      /does not have access to a repository with the name secret/,
    );
    expect(server.pullRequests('acme', 'secret')).toEqual([]);
  });

  it('keeps working when installation tokens expire during a run', async () => {
    // Tokens live 1 s; each call takes 400 ms, so a run outlives the first token. Backstage
    // renews a token 10 minutes before it expires, so here it asks for one at every call.
    await server.close();
    server = await startGithubServer({
      latencyMs: 400,
      installationTokenTtlSeconds: 1,
      apps: [
        {
          appId: APP_ID,
          slug: 'datastores-app',
          publicKey,
          installations: [{ id: 7, account: 'acme' }],
        },
      ],
    });
    server.seedRepo({
      owner: 'acme',
      name: 'infra',
      files: { 'README.md': '# r\n' },
      labels: ['datastores'],
    });
    repo = `${server.url}/acme/infra`;
    const engine = engineWithApp(server, privateKey);
    const result = await engine.openPullRequest({
      ...request({ 'db/main.tf': 'x\n' }),
      labels: ['datastores'],
    });
    expect(result.created).toBe(true);
    expect(server.pullRequests('acme', 'infra')[0].labels).toEqual([
      'datastores',
    ]);
    expect(server.apps.issued.length).toBeGreaterThanOrEqual(3);
    expect(server.calls.filter(c => c.status === 401)).toEqual([]);
  });

  it('fails clearly when GitHub cannot verify the JWT (a wrong private key)', async () => {
    const engine = engineWithApp(server, app([]).integration.privateKey);
    await expect(engine.openPullRequest(request({ a: 'b\n' }))).rejects.toThrow(
      /A JSON web token could not be decoded/,
    );
    expect(server.apps.issued).toEqual([]);
    expect(server.pullRequests('acme', 'infra')).toEqual([]);
  });
});
