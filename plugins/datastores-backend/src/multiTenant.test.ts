import {
  createServiceFactory,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createPullRequestEngine,
  readDatastoresConfig,
} from '@datastores/plugin-datastores-node';
import {
  createNameOwnersReader,
  createProvisionAction,
  createRequestRecorder,
} from '@datastores/plugin-scaffolder-backend-module-datastores';
import { GithubServer, startGithubServer } from '@datastores/test-servers';
import request from 'supertest';
import { catalogStandIn } from '../fixtures/catalogStandIn';
import datastoresPlugin from './index';

jest.setTimeout(60_000);

const service = (namespace: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

// Two teams, each with its own `orders` service in its own catalog namespace. Alice (shop)
// may read only the shop namespace, Bob (default) only the default one.
const entities = [
  service('default', 'group:default/platform-team'),
  service('shop', 'group:shop/shop-team'),
];
const READS: Record<string, string> = {
  'user:default/alice': 'shop',
  'user:default/bob': 'default',
};

describe('two services of the same name in two namespaces', () => {
  let github: GithubServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let provision: ReturnType<typeof createProvisionAction>;

  beforeAll(async () => {
    github = await startGithubServer();
    for (const name of ['infra-terraform', 'infra-gitops']) {
      github.seedRepo({ owner: 'acme', name, labels: ['datastores'] });
    }
    const data = {
      integrations: {
        github: [
          {
            host: new URL(github.url).host,
            apiBaseUrl: github.apiBaseUrl,
            token: 'test-token',
          },
        ],
      },
      datastores: {
        targets: {
          terraform: { repoUrl: `${github.url}/acme/infra-terraform` },
          gitops: { repoUrl: `${github.url}/acme/infra-gitops` },
        },
      },
    };
    const catalog = catalogStandIn({
      github,
      entities,
      canRead: (user, entity) =>
        (entity.metadata.namespace ?? 'default') === READS[user],
    });
    backend = await startTestBackend({
      features: [
        datastoresPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({ data }),
      ],
    });

    // The action as the scaffolder runs it, talking to this backend over HTTP.
    const config = new ConfigReader(data);
    const integrations = ScmIntegrations.fromConfig(config);
    const discovery: DiscoveryService = {
      getBaseUrl: async plugin =>
        `http://localhost:${backend.server.port()}/api/${plugin}`,
      getExternalBaseUrl: async plugin =>
        `http://localhost:${backend.server.port()}/api/${plugin}`,
    };
    const auth = mockServices.auth();
    provision = createProvisionAction({
      config: readDatastoresConfig(config),
      catalog,
      permissions: mockServices.permissions(),
      engine: createPullRequestEngine({
        integrations,
        credentialsProvider:
          DefaultGithubCredentialsProvider.fromIntegrations(integrations),
      }),
      recordRequest: createRequestRecorder({ auth, discovery }),
      nameOwners: createNameOwnersReader({ auth, discovery }),
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await github?.close();
  });

  const run = async (user: string, input: Record<string, unknown>) => {
    const ctx = Object.assign(
      createMockActionContext({
        input: {
          kind: 'database',
          environments: ['preview'],
          criticality: 'ephemeral',
          ...input,
        } as any,
      }),
      {
        isDryRun: false,
        getInitiatorCredentials: async () => mockCredentials.user(user),
      },
    );
    await provision.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };

  const requestsAs = async (credentials: string) =>
    (
      await request(backend.server)
        .get('/api/datastores/v1/requests')
        .set('Authorization', credentials)
        .expect(200)
    ).body.items.map((i: any) => `${i.request.service}#${i.request.name}`);

  it('each team gets its own datastores, sees only its own, and nothing is overwritten', async () => {
    const bobs = await run('user:default/bob', {
      service: 'component:default/orders',
      name: 'main',
    });
    const [bobsPr] = github.pullRequests('acme', 'infra-gitops');
    const bobsBody = bobsPr.body;
    const bobsHead = github.branchSha('acme', 'infra-gitops', bobsPr.head);

    // The same names for shop/orders: refused, naming the owner, before any GitHub call.
    github.resetCalls();
    await expect(
      run('user:default/alice', {
        service: 'component:shop/orders',
        name: 'main',
      }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'already belong to component:default/orders (owned by group:default/platform-team)',
      ),
    });
    expect(github.calls).toHaveLength(0);
    expect(github.pullRequests('acme', 'infra-gitops')).toHaveLength(1);
    expect(bobsPr.body).toBe(bobsBody);
    expect(github.branchSha('acme', 'infra-gitops', bobsPr.head)).toBe(
      bobsHead,
    );

    // Another name is free.
    const alices = await run('user:default/alice', {
      service: 'component:shop/orders',
      name: 'sessions',
    });
    expect(alices.pullRequests[0].number).not.toBe(bobs.pullRequests[0].number);
    expect(alices.resources).toEqual(['resource:shop/orders-sessions-preview']);

    // Each reader lists exactly its own; the product itself lists both.
    expect(
      await requestsAs(mockCredentials.user.header('user:default/alice')),
    ).toEqual(['component:shop/orders#sessions']);
    expect(
      await requestsAs(mockCredentials.user.header('user:default/bob')),
    ).toEqual(['component:default/orders#main']);
    expect(await requestsAs(mockCredentials.service.header())).toEqual([
      'component:default/orders#main',
      'component:shop/orders#sessions',
    ]);

    // The card: Alice sees her service's datastore and not Bob's service at all.
    const card = await request(backend.server)
      .get('/api/datastores/v1/entities/component/shop/orders/datastores')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .expect(200);
    expect(card.body.datastores.map((d: any) => d.entityRef)).toEqual([
      'resource:shop/orders-sessions-preview',
    ]);
    await request(backend.server)
      .get('/api/datastores/v1/entities/component/default/orders/datastores')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .expect(404);

    // The backend refuses the conflicting record too, whoever sends it.
    const conflicting = await request(backend.server)
      .post('/api/datastores/v1/requests')
      .set('Authorization', mockCredentials.service.header())
      .send({
        service: 'component:shop/orders',
        name: 'main',
        kind: 'database',
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
        resources: ['resource:shop/orders-main-preview'],
      });
    expect(conflicting.status).toBe(409);
    expect(conflicting.body.error.message).toContain(
      'already belong to component:default/orders',
    );
  });
});
