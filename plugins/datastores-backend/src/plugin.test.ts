import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_PRICES,
  EntityDatastores,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';
import { GithubServer, startGithubServer } from '@datastores/test-servers';
import request from 'supertest';
import datastoresPlugin from './index';

function resource(
  name: string,
  annotations: Record<string, string>,
  type = 'database',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type,
      owner: 'group:default/shop-team',
      dependencyOf: ['component:default/orders'],
    },
    relations: [
      { type: 'dependencyOf', targetRef: 'component:default/orders' },
    ],
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders', namespace: 'default' },
    spec: {
      type: 'service',
      owner: 'group:default/shop-team',
      lifecycle: 'production',
    },
    relations: [
      {
        type: 'dependsOn',
        targetRef: 'resource:default/orders-main-production',
      },
      {
        type: 'dependsOn',
        targetRef: 'resource:default/orders-cache-production',
      },
      { type: 'dependsOn', targetRef: 'resource:default/unrelated-bucket' },
    ],
  },
  resource('orders-main-production', {
    'datastores.io/engine': 'postgres',
    'datastores.io/environment': 'production',
    'datastores.io/criticality': 'catastrophic',
    'datastores.io/strategy': 'managed',
    'datastores.io/provider': 'rds',
  }),
  resource(
    'orders-cache-production',
    {
      'datastores.io/engine': 'dragonfly',
      'datastores.io/environment': 'production',
      'datastores.io/criticality': 'catastrophic',
      'datastores.io/strategy': 'self-hosted',
      'datastores.io/provider': 'dragonfly',
    },
    'cache',
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'unrelated-bucket', namespace: 'default' },
    spec: { type: 's3-bucket', owner: 'group:default/shop-team' },
  },
];

const record: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  engine: 'postgres',
  environments: ['production', 'preview'],
  criticality: 'reconstructable',
  decisions: [
    {
      environment: 'production',
      strategy: 'managed',
      provider: 'rds',
      target: 'terraform',
      rationale: 'x',
    },
    {
      environment: 'preview',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      target: 'gitops',
      rationale: 'y',
    },
  ],
  pullRequests: [
    {
      target: 'terraform',
      repo: 'acme/infra',
      url: 'https://github.com/acme/infra/pull/3',
      number: 3,
    },
    {
      target: 'gitops',
      repo: 'acme/gitops',
      url: 'https://github.com/acme/gitops/pull/9',
      number: 9,
    },
  ],
  resources: [
    'resource:default/orders-main-production',
    'resource:default/orders-main-preview',
  ],
};

async function start(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const { server } = await startTestBackend({
    features: [
      datastoresPlugin,
      catalogServiceMock.factory({ entities }),
      ...(options.permission
        ? [mockServices.permissions.factory({ result: options.permission })]
        : []),
    ],
  });
  return server;
}

describe('datastores backend plugin', () => {
  it('answers its health route without credentials', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/datastores/health')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('requires credentials for everything else', async () => {
    const server = await start();
    const response = await request(server)
      .get('/api/datastores/v1/entities/component/default/orders/datastores')
      .set('Authorization', mockCredentials.none.header());
    expect(response.status).toBe(401);
  });

  it('answers 404 for an entity the caller cannot read', async () => {
    const server = await start();
    const response = await request(server).get(
      '/api/datastores/v1/entities/component/default/secret-service/datastores',
    );
    expect(response.status).toBe(404);
    expect(response.body.error.name).toBe('NotFoundError');
  });

  it.each([
    ['component:x', 'default', 'orders', 'kind'],
    ['component', 'De fault', 'orders', 'namespace'],
    ['component', 'default', `${'a'.repeat(64)}`, 'name'],
  ])(
    'answers 400, naming the part, for a malformed entity reference (%s/%s/%s)',
    async (kind, namespace, name, part) => {
      const server = await start();
      const response = await request(server).get(
        `/api/datastores/v1/entities/${encodeURIComponent(
          kind,
        )}/${encodeURIComponent(namespace)}/${name}/datastores`,
      );
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
      expect(response.body.error.message).toContain(part);
    },
  );

  it("lists a service's datastores from the catalog, with their policy grade and connection", async () => {
    const server = await start();
    const response = await request(server).get(
      '/api/datastores/v1/entities/component/default/orders/datastores',
    );
    expect(response.status).toBe(200);
    const body: EntityDatastores = response.body;
    expect(body.entityRef).toBe('component:default/orders');
    expect(
      body.datastores.map(d => [d.entityRef, d.name, d.inCatalog]),
    ).toEqual([
      ['resource:default/orders-main-production', 'main', true],
      ['resource:default/orders-cache-production', 'cache', true],
    ]);
    const [db, cache] = body.datastores;
    expect(db.connection).toEqual({
      secretName: 'orders-main-production-app',
      keys: ['host', 'port', 'dbname', 'username', 'password', 'uri'],
    });
    // Without a reader, what Terraform declares is declared, never protected.
    expect(db.backup).toMatchObject({
      posture: 'declared',
      retentionDays: 7,
      pitr: true,
    });
    expect(db.backup.detail).toContain('set datastores.live.rds');
    expect(db.readiness.state).toBe('declared');
    expect(db.policy).toEqual({
      state: 'unknown',
      compliant: false,
      violations: [],
      reason: expect.stringContaining('backups are declared'),
    });
    // A catastrophic cache breaks the policy.
    expect(cache.policy.state).toBe('violates');
    expect(cache.policy.violations[0].id).toBe('refused');
    expect(cache.secretSync.status).toBe('unknown');
    // No Kubernetes in this backend: the secret's sync cannot be observed, and it says so.
    expect(db.secretSync).toMatchObject({
      status: 'unknown',
      unobservedBecause: 'no-cluster',
    });
    expect(db.secretSync.message).toMatch(
      /^No cluster is configured, so the secret's sync cannot be observed: live status from Kubernetes is off/,
    );
  });

  it('merges recorded requests, each datastore once, as it moves into the catalog', async () => {
    const server = await start();
    const forbidden = await request(server)
      .post('/api/datastores/v1/requests')
      .send(record);
    expect(forbidden.status).toBe(403);

    const created = await request(server)
      .post('/api/datastores/v1/requests')
      .set('Authorization', mockCredentials.service.header())
      .send(record);
    expect(created.status).toBe(201);

    const { body } = await request(server).get(
      '/api/datastores/v1/entities/component/default/orders/datastores',
    );
    expect(
      (body as EntityDatastores).datastores.map(d => [
        d.entityRef,
        d.inCatalog,
        d.pullRequests.map(p => p.number),
      ]),
    ).toEqual([
      ['resource:default/orders-main-production', true, [3, 9]],
      ['resource:default/orders-cache-production', true, []],
      ['resource:default/orders-main-preview', false, [3, 9]],
    ]);
    const preview = (body as EntityDatastores).datastores[2];
    expect(preview).toMatchObject({
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      backup: { posture: 'not-required' },
      connection: { secretName: 'orders-main-preview-app' },
    });

    const listed = await request(server).get(
      '/api/datastores/v1/requests?entityRef=component:default/orders',
    );
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0].createdBy).toBe(
      mockCredentials.service().principal.subject,
    );
  });

  it('refuses a malformed request, naming the field', async () => {
    const server = await start();
    const response = await request(server)
      .post('/api/datastores/v1/requests')
      .set('Authorization', mockCredentials.service.header())
      .send({ ...record, name: '../x' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(
      'name must be lower-case letters',
    );
  });

  it('decides, and reports whether the caller may provision production', async () => {
    const input = {
      kind: 'database',
      environments: ['production', 'dev'],
      criticality: 'catastrophic',
    };
    const allowed = await request(
      await start({ permission: AuthorizeResult.ALLOW }),
    )
      .post('/api/datastores/v1/decisions')
      .send({ ...input, environments: ['production'] });
    expect(allowed.status).toBe(200);
    expect(allowed.body.allowed).toBe(true);
    expect(allowed.body.decisions[0]).toMatchObject({
      strategy: 'managed',
      provider: 'rds',
    });
    // Small by default; production catastrophic data is Multi-AZ, twice the single-AZ price.
    expect(allowed.body.cost).toEqual({
      perEnvironment: [
        {
          environment: 'production',
          provider: 'rds',
          monthly: DEFAULT_PRICES.prices.rds.small * 2,
          multiAz: true,
        },
      ],
      totalMonthly: DEFAULT_PRICES.prices.rds.small * 2,
      currency: 'USD',
      source: DEFAULT_PRICES.source,
      asOf: DEFAULT_PRICES.asOf,
    });

    const denied = await request(
      await start({ permission: AuthorizeResult.DENY }),
    )
      .post('/api/datastores/v1/decisions')
      .send({ ...input, environments: ['production'] });
    expect(denied.body.allowed).toBe(false);

    // Self-hosted only: no permission needed.
    const selfHosted = await request(
      await start({ permission: AuthorizeResult.DENY }),
    )
      .post('/api/datastores/v1/decisions')
      .send({
        kind: 'cache',
        environments: ['production'],
        criticality: 'reconstructable',
      });
    expect(selfHosted.body.allowed).toBe(true);

    const refused = await request(await start())
      .post('/api/datastores/v1/decisions')
      .send(input);
    // One refused environment does not hide the others: each is answered.
    expect(refused.status).toBe(200);
    expect(refused.body.decisions.map((d: any) => d.environment)).toEqual([
      'production',
    ]);
    expect(refused.body.refusals).toEqual([
      {
        environment: 'dev',
        reason: expect.stringContaining(
          'catastrophic data does not belong in a throw-away environment',
        ),
        hint: 'Untick dev to provision the other environments, or ask for dev separately as ephemeral (recreated from fixtures).',
      },
    ]);
  });
});

describe('datastores backend plugin, estimating costs', () => {
  async function startWith(data: object) {
    const { server } = await startTestBackend({
      features: [
        datastoresPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({ data }),
      ],
    });
    return server;
  }
  const staging = {
    kind: 'cache',
    environments: ['staging', 'dev'],
    criticality: 'reconstructable',
  };

  it('estimates at the asked size, from the configured prices', async () => {
    const server = await startWith({
      datastores: {
        costs: {
          source: 'FinOps sheet',
          asOf: '2026-11-30',
          prices: { dragonfly: { medium: 50 } },
        },
      },
    });
    const response = await request(server)
      .post('/api/datastores/v1/decisions')
      .send({ ...staging, size: 'medium' });
    expect(response.status).toBe(200);
    expect(response.body.cost).toEqual({
      perEnvironment: [
        { environment: 'staging', provider: 'dragonfly', monthly: 50 },
        { environment: 'dev', provider: 'dragonfly', monthly: 50 },
      ],
      totalMonthly: 100,
      currency: 'USD',
      source: 'FinOps sheet',
      asOf: '2026-11-30',
    });
  });

  it('answers 400 for a size it does not know', async () => {
    const server = await startWith({});
    const response = await request(server)
      .post('/api/datastores/v1/decisions')
      .send({ ...staging, size: 'huge' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('size');
  });

  it('refuses to start with prices it cannot read, naming the key', async () => {
    await expect(
      startWith({
        datastores: {
          costs: { asOf: '2026-11-30', prices: { rds: { small: -1 } } },
        },
      }),
    ).rejects.toThrow('datastores.costs.prices.rds.small');
  });
});

describe('datastores backend plugin, without GitHub credentials for its target repos', () => {
  const environments = {
    production: {
      aws: {
        region: 'eu-west-1',
        dbSubnetGroupName: 'prod',
        vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
      },
    },
  };

  async function startWith(data: object) {
    const logger = mockServices.logger.mock();
    const scheduler = mockServices.scheduler.mock();
    const { server } = await startTestBackend({
      features: [
        datastoresPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({ data }),
        logger.factory,
        scheduler.factory,
      ],
    });
    const credentialWarnings = logger.warn.mock.calls
      .map(([message]) => message)
      .filter(message => message.includes('GitHub credentials'));
    return { server, logger, scheduler, credentialWarnings };
  }

  it("says once, at start, how to fix it, and schedules no refresh (the README's default)", async () => {
    const { scheduler, credentialWarnings } = await startWith({
      datastores: {
        targets: {
          terraform: { repoUrl: 'https://github.com/acme/infra-terraform' },
          gitops: { repoUrl: 'https://github.com/acme/infra-gitops' },
        },
        environments,
      },
    });

    expect(credentialWarnings).toHaveLength(1);
    expect(credentialWarnings[0]).toContain(
      'No GitHub credentials for https://github.com/acme/infra-terraform (datastores.targets.terraform), https://github.com/acme/infra-gitops (datastores.targets.gitops)',
    );
    expect(credentialWarnings[0]).toContain(
      'the refresh task is not scheduled',
    );
    expect(credentialWarnings[0]).toContain(
      'configure integrations.github in app-config with a token or a GitHub App',
    );
    expect(credentialWarnings[0]).toContain('for host "github.com"');
    // Only the lifecycle notifier, which tells what the clusters observe, is scheduled.
    expect(scheduler.scheduleTask.mock.calls.map(([task]) => task.id)).toEqual([
      'datastores-notify',
    ]);
  });

  describe('for one of them', () => {
    let github: GithubServer;
    beforeAll(async () => {
      github = await startGithubServer();
    });
    afterAll(() => github.close());

    it('says which, once, and refreshes only the other', async () => {
      github.reset();
      github.seedRepo({
        owner: 'acme',
        name: 'infra-terraform',
        files: { 'README.md': 'x\n' },
        labels: ['datastores'],
      });
      const { server, logger, scheduler, credentialWarnings } = await startWith(
        {
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
              gitops: { repoUrl: 'https://github.com/acme/infra-gitops' },
            },
            refresh: { trustedAuthors: ['datastores-bot'] },
            environments,
            // No notifications backend here: nothing to tell through.
            notifications: { enabled: false },
          },
        },
      );

      expect(credentialWarnings).toHaveLength(1);
      expect(credentialWarnings[0]).toContain(
        'No GitHub credentials for https://github.com/acme/infra-gitops (datastores.targets.gitops), so the refresh skips it (no rediscovery of requests from it, no refresh of its pull requests)',
      );
      expect(credentialWarnings[0]).toContain(
        'keeps datastores.targets.terraform current',
      );
      expect(credentialWarnings[0]).toContain('for host "github.com"');
      expect(
        scheduler.scheduleTask.mock.calls.map(([task]) => task.id),
      ).toEqual(['datastores-notify', 'datastores-refresh-requests']);

      // A request whose open pull request is in the repo without credentials.
      const created = await request(server)
        .post('/api/datastores/v1/requests')
        .set('Authorization', mockCredentials.service.header())
        .send({
          ...record,
          pullRequests: record.pullRequests.filter(p => p.target === 'gitops'),
        });
      expect(created.status).toBe(201);

      logger.warn.mockClear();
      github.resetCalls();
      const [{ fn }] = scheduler.scheduleTask.mock.calls[1];
      await fn(new AbortController().signal);

      // The terraform repo is listed; neither that request's pull request nor the gitops
      // repo is read (reading either would fail for want of credentials, and say so).
      expect(github.calls.map(c => c.graphql?.name ?? c.route)).not.toEqual([]);
      expect(logger.warn).not.toHaveBeenCalled();
      expect(logger.info).toHaveBeenCalledWith(
        'Refreshed datastore requests',
        expect.objectContaining({ refreshed: 0, errors: 0 }),
      );
    });
  });
});
