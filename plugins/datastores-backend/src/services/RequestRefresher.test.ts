import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import {
  createPullRequestEngine,
  readDatastoresConfig,
  requestMarker,
} from '@datastores/plugin-datastores-node';
import { GithubServer, startGithubServer } from '@datastores/test-servers';
import { DatabaseRequestStore } from '../database/RequestStore';
import { RequestRefresher } from './RequestRefresher';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('RequestRefresher against the GitHub stand-in', () => {
  let github: GithubServer;
  beforeAll(async () => {
    github = await startGithubServer();
  });
  afterAll(() => github.close());

  async function setup(options: { registerOnMerge?: boolean } = {}) {
    github.reset();
    github.seedRepo({
      owner: 'acme',
      name: 'infra-gitops',
      files: { 'README.md': 'x\n' },
      labels: ['datastores'],
    });
    github.seedRepo({
      owner: 'acme',
      name: 'infra-terraform',
      files: { 'README.md': 'x\n' },
      labels: ['datastores'],
    });
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: new URL(github.url).host,
            apiBaseUrl: github.apiBaseUrl,
            token: 't',
          },
        ],
      },
      datastores: {
        targets: {
          terraform: { repoUrl: `${github.url}/acme/infra-terraform` },
          gitops: { repoUrl: `${github.url}/acme/infra-gitops` },
        },
      },
    });
    const integrations = ScmIntegrations.fromConfig(config);
    const engine = createPullRequestEngine({
      integrations,
      credentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      retry: { initialDelayMs: 5, maxRetryTimeMs: 500 },
    });
    const store = await DatabaseRequestStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
        migrations: { skip: false },
      }),
    });
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn(async () => ({} as any)),
    });
    const refresher = new RequestRefresher({
      store,
      engine,
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      config: readDatastoresConfig(config),
      registerOnMerge: options.registerOnMerge ?? true,
    });
    return { engine, store, catalog, refresher };
  }

  const record: ProvisioningRequestRecord = {
    service: 'component:default/orders',
    name: 'main',
    kind: 'database',
    engine: 'postgres',
    environments: ['preview'],
    criticality: 'ephemeral',
    decisions: [
      {
        environment: 'preview',
        strategy: 'self-hosted',
        provider: 'cloudnative-pg',
        target: 'gitops',
        rationale: 'r',
      },
    ],
    pullRequests: [],
    resources: ['resource:default/orders-main-preview'],
    catalogFiles: [
      {
        target: 'gitops',
        path: 'catalog/orders/orders-main-preview.yaml',
        entityRef: 'resource:default/orders-main-preview',
      },
    ],
  };

  async function openPullRequest(
    engine: Awaited<ReturnType<typeof setup>>['engine'],
  ) {
    return engine.openPullRequest({
      repo: `${github.url}/acme/infra-gitops`,
      branch: 'datastores/orders-main',
      files: { 'catalog/orders/orders-main-preview.yaml': 'kind: Resource\n' },
      title: 'Provision database orders/main (preview)',
      body: `Why...\n\n${requestMarker(record)}`,
      labels: ['datastores'],
    });
  }

  it('rediscovers a request the backend never heard of, from its marker', async () => {
    const { engine, store, refresher } = await setup();
    const pr = await openPullRequest(engine);

    const summary = await refresher.refresh();

    expect(summary).toMatchObject({ rediscovered: 1, errors: [] });
    const [stored] = await store.list();
    expect(stored.request).toMatchObject({
      service: 'component:default/orders',
      name: 'main',
    });
    expect(stored.request.pullRequests).toEqual([
      expect.objectContaining({
        url: pr.url,
        number: pr.number,
        target: 'gitops',
        repo: 'acme/infra-gitops',
        state: 'open',
      }),
    ]);
    // A second pass finds nothing new.
    expect((await refresher.refresh()).rediscovered).toBe(0);
    expect(await store.list()).toHaveLength(1);
  });

  it('keeps state and checks current, and registers the entity once merged', async () => {
    const { engine, store, catalog, refresher } = await setup();
    const pr = await openPullRequest(engine);
    await store.record(
      {
        ...record,
        pullRequests: [
          {
            target: 'gitops',
            repo: 'acme/infra-gitops',
            url: pr.url,
            number: pr.number,
          },
        ],
      },
      'test',
    );
    github.addCheckRun('acme', 'infra-gitops', pr.headSha, {
      name: 'validate',
      status: 'completed',
      conclusion: 'failure',
    } as any);

    await refresher.refresh();
    let [stored] = await store.list();
    expect(stored.request.pullRequests[0]).toMatchObject({
      state: 'open',
      checks: 'failure',
    });
    expect(catalog.addLocation).not.toHaveBeenCalled();

    github.setPullRequestState('acme', 'infra-gitops', pr.number, 'merged');
    const summary = await refresher.refresh();
    [stored] = await store.list();
    const location = `${github.url}/acme/infra-gitops/blob/main/catalog/orders/orders-main-preview.yaml`;
    expect(summary.registered).toEqual([location]);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'url', target: location },
      expect.anything(),
    );
    expect(stored.request.pullRequests[0].state).toBe('merged');
    expect(stored.request.registered).toEqual([location]);

    // Merged pull requests are not read again, and nothing is registered twice.
    github.resetCalls();
    await refresher.refresh();
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(
      github.calls.filter(
        c => c.graphql?.name === 'DatastoresPullRequestStatus',
      ),
    ).toHaveLength(0);
  });

  it('does not register when registration on merge is off', async () => {
    const { engine, store, catalog, refresher } = await setup({
      registerOnMerge: false,
    });
    const pr = await openPullRequest(engine);
    await store.record(
      {
        ...record,
        pullRequests: [
          {
            target: 'gitops',
            repo: 'acme/infra-gitops',
            url: pr.url,
            number: pr.number,
          },
        ],
      },
      'test',
    );
    github.setPullRequestState('acme', 'infra-gitops', pr.number, 'merged');
    await refresher.refresh();
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
