import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import request from 'supertest';
import datastoresPlugin from './index';
import { catalogStandIn } from '../fixtures/catalogStandIn';

/**
 * The datastores actions as an agent meets them: an MCP client on the MCP actions backend's
 * endpoint, which lists and invokes them through Backstage's actions service, on behalf of the
 * client's user. Alice may read the service; Carol may not; Dave may read it but may not create
 * a managed production datastore.
 */
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-namespace': 'shop' },
    },
    spec: { type: 'service', owner: 'group:default/shop-team' },
  },
];

const PRODUCTION_PERMISSION = 'datastores.provision.production';

jest.setTimeout(60_000);

describe('the datastores actions, through the MCP endpoint', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const clients: Client[] = [];

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        datastoresPlugin,
        mcpActionsPlugin,
        // The real registry and actions service (the test backend's mocks stay in-process).
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () =>
            catalogStandIn({
              entities,
              canRead: user => user !== 'user:default/carol',
            }),
        }),
        mockServices.permissions.mock({
          authorize: async (
            requests: Array<{ permission: { name: string } }>,
            options?: { credentials: BackstageCredentials },
          ) =>
            requests.map(({ permission }) => ({
              result:
                permission.name === PRODUCTION_PERMISSION &&
                (options?.credentials.principal as { userEntityRef?: string })
                  ?.userEntityRef === 'user:default/dave'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
        } as any).factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['datastores'] } },
            datastores: {
              environments: {
                production: {
                  aws: {
                    region: 'eu-west-1',
                    dbSubnetGroupName: 'prod',
                    vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
                  },
                },
              },
              targets: {
                terraform: {
                  repoUrl: 'https://github.com/acme/infra-terraform',
                },
                gitops: { repoUrl: 'https://github.com/acme/infra-gitops' },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    await backend.stop();
  });

  async function clientAs(user: string) {
    const client = new Client({ name: 'datastores-test', version: '1.0.0' });
    const address = backend.server.address() as { port: number };
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${address.port}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: { Authorization: mockCredentials.user.header(user) },
          },
        },
      ),
    );
    clients.push(client);
    return client;
  }

  async function call(user: string, name: string, args: object) {
    const client = await clientAs(user);
    return (await client.callTool({ name, arguments: args as any })) as {
      isError?: boolean;
      content: Array<{ type: string; text: string }>;
      structuredContent?: any;
    };
  }

  it('lists the four actions as read-only tools', async () => {
    const { tools } = await (await clientAs('user:default/alice')).listTools();
    const ours = tools.filter(t => t.name.startsWith('datastores.'));
    expect(ours.map(t => t.name).sort()).toEqual([
      'datastores.decide',
      'datastores.get-service-datastores',
      'datastores.provision-dry-run',
      'datastores.query-fleet',
    ]);
    for (const tool of ours) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
      expect(tool.inputSchema.type).toBe('object');
    }
    const fleet = ours.find(t => t.name === 'datastores.query-fleet')!;
    expect(fleet.inputSchema.properties).toHaveProperty('backup');
  });

  it('decides by the policy, and says who may go on', async () => {
    const input = {
      kind: 'database',
      environments: ['production', 'dev'],
      criticality: 'catastrophic',
    };
    const alice = await call('user:default/alice', 'datastores.decide', input);
    expect(alice.isError).toBeFalsy();
    expect(
      alice.structuredContent.decisions.map((d: any) => [
        d.environment,
        d.strategy,
        d.provider,
      ]),
    ).toEqual([['production', 'managed', 'rds']]);
    // One refused environment does not hide the others, and says why and what to do.
    expect(alice.structuredContent.refusals).toEqual([
      expect.objectContaining({
        environment: 'dev',
        reason: expect.stringContaining(
          'catastrophic data does not belong in a throw-away environment',
        ),
        hint: expect.stringContaining('ephemeral'),
      }),
    ]);
    expect(alice.structuredContent.allowed).toBe(true);
    const dave = await call('user:default/dave', 'datastores.decide', input);
    expect(dave.structuredContent.allowed).toBe(false);
  });

  it("refuses a kind that is not a datastore with the request validation's words", async () => {
    const answer = await call('user:default/alice', 'datastores.decide', {
      kind: 'service',
      environments: ['dev'],
      criticality: 'ephemeral',
    });
    expect(answer.isError).toBe(true);
    expect(answer.content[0].text).toContain(
      'kind must be one of database, cache; got "service"',
    );
  });

  it("shows a service's datastores and the fleet to whoever may read them, and nothing to others", async () => {
    await request(backend.server)
      .post('/api/datastores/v1/requests')
      .set('Authorization', mockCredentials.service.header())
      .send({
        service: 'component:default/orders',
        name: 'sessions',
        kind: 'cache',
        engine: 'dragonfly',
        environments: ['staging'],
        criticality: 'reconstructable',
        decisions: [
          {
            environment: 'staging',
            strategy: 'self-hosted',
            provider: 'dragonfly',
            target: 'gitops',
            rationale: 'r',
          },
        ],
        pullRequests: [],
        resources: ['resource:default/orders-sessions-staging'],
      })
      .expect(201);

    const alice = await call(
      'user:default/alice',
      'datastores.get-service-datastores',
      { entityRef: 'orders' },
    );
    expect(alice.structuredContent.entityRef).toBe('component:default/orders');
    expect(
      alice.structuredContent.datastores.map((d: any) => [
        d.name,
        d.environment,
      ]),
    ).toEqual([['sessions', 'staging']]);
    const carol = await call(
      'user:default/carol',
      'datastores.get-service-datastores',
      { entityRef: 'component:default/orders' },
    );
    // As the REST API answers her: a 404 that does not say whether the entity exists.
    expect(carol.isError).toBe(true);
    expect(carol.content[0].text).toBe(
      'NotFoundError: No entity component:default/orders, or you may not read it',
    );

    const fleet = await call('user:default/alice', 'datastores.query-fleet', {
      environment: ['staging'],
      kind: ['cache'],
    });
    expect(fleet.structuredContent.totalItems).toBe(1);
    const none = await call('user:default/carol', 'datastores.query-fleet', {});
    expect(none.structuredContent.totalItems).toBe(0);
    const bad = await call('user:default/alice', 'datastores.query-fleet', {
      environment: ['prod'],
    });
    expect(bad.isError).toBe(true);
    expect(bad.content[0].text).toMatch(/InputError/);
  });

  it('plans a provisioning with every file and pull request, and writes nothing', async () => {
    const answer = await call(
      'user:default/alice',
      'datastores.provision-dry-run',
      {
        service: 'component:default/orders',
        name: 'ratelimits',
        kind: 'cache',
        environments: ['staging'],
        criticality: 'reconstructable',
      },
    );
    expect(answer.isError).toBeFalsy();
    const { files, pullRequests, resources } = answer.structuredContent;
    expect(resources).toEqual(['resource:default/orders-ratelimits-staging']);
    expect(pullRequests).toHaveLength(1);
    expect(pullRequests[0]).toMatchObject({
      target: 'gitops',
      repo: 'https://github.com/acme/infra-gitops',
    });
    expect(pullRequests[0].paths.sort()).toEqual(
      files.map((f: any) => f.path).sort(),
    );
    // The service's namespace annotation fills the request, as in the scaffolder action.
    expect(files.map((f: any) => f.content).join('\n')).toContain(
      'namespace: shop',
    );
    // Nothing was recorded: the service still has only the cache recorded above (if any).
    const { body } = await request(backend.server)
      .get('/api/datastores/v1/requests')
      .set('Authorization', mockCredentials.service.header());
    expect(body.items.map((r: any) => r.request.name)).not.toContain(
      'ratelimits',
    );
  });

  it('refuses what the scaffolder action refuses', async () => {
    const production = {
      service: 'component:default/orders',
      name: 'main',
      kind: 'database',
      environments: ['production'],
      criticality: 'catastrophic',
    };
    const dave = await call(
      'user:default/dave',
      'datastores.provision-dry-run',
      production,
    );
    expect(dave.isError).toBe(true);
    expect(dave.content[0].text).toContain(
      'NotAllowedError: You may not create a managed production datastore',
    );
    const carol = await call(
      'user:default/carol',
      'datastores.provision-dry-run',
      production,
    );
    expect(carol.content[0].text).toContain(
      'NotFoundError: service component:default/orders is not in the catalog, or you may not read it',
    );
  });

  it('answers no one without credentials', async () => {
    const response = await request(backend.server)
      .post('/api/mcp-actions/v1')
      // The test backend takes a request without a token for a mock user's: say "none".
      .set('Authorization', mockCredentials.none.header())
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
  });
});
