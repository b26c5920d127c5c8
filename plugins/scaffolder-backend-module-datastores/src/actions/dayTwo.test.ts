import { mockServices } from '@backstage/backend-test-utils';
import { parseEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import {
  createPullRequestEngine,
  parseRequestMarker,
  readDatastoresConfig,
} from '@datastores/plugin-datastores-node';
import { GithubServer, startGithubServer } from '@datastores/test-servers';
import { createChangeAction } from './change';
import { DayTwoActionOptions } from './dayTwo';
import { createDecommissionAction } from './decommission';
import { createProvisionAction } from './provision';
import {
  datastoresConfigData,
  ordersService,
} from '../../fixtures/actions/fixtures';
import {
  hostileInputs,
  pullRequestOptionFields,
} from '../../fixtures/actions/hostileInputs';

jest.setTimeout(30_000);

const NOW = new Date('2026-12-03T10:00:00Z');
const TF = 'infra-terraform';
const GITOPS = 'infra-gitops';

describe('datastores:change and datastores:decommission against the GitHub stand-in', () => {
  let github: GithubServer;
  /** The datastores backend's store, as it merges records (by service and name). */
  let records: Map<string, ProvisioningRequestRecord>;
  let permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY;

  beforeAll(async () => {
    github = await startGithubServer();
  });
  afterAll(() => github.close());
  beforeEach(() => {
    github.reset();
    records = new Map();
    permission = AuthorizeResult.ALLOW;
    for (const name of [TF, GITOPS]) {
      github.seedRepo({
        owner: 'acme',
        name,
        files: { 'README.md': `# ${name}\n` },
        labels: ['datastores'],
      });
    }
    github.resetCalls();
  });

  function options(): DayTwoActionOptions {
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: new URL(github.url).host,
            apiBaseUrl: github.apiBaseUrl,
            token: 'test-token',
          },
        ],
      },
      datastores: datastoresConfigData(github.url),
    });
    const integrations = ScmIntegrations.fromConfig(config);
    return {
      config: readDatastoresConfig(config),
      catalog: catalogServiceMock({ entities: [ordersService] }),
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: permission })),
      }),
      engine: createPullRequestEngine({
        integrations,
        credentialsProvider:
          DefaultGithubCredentialsProvider.fromIntegrations(integrations),
        retry: { initialDelayMs: 5, maxRetryTimeMs: 2000 },
      }),
      recordRequest: async record => {
        const key = `${record.service}#${record.name}`;
        const old = records.get(key);
        const byUrl = new Map(
          [...(old?.pullRequests ?? []), ...record.pullRequests].map(p => [
            p.url,
            p,
          ]),
        );
        records.set(key, { ...record, pullRequests: [...byUrl.values()] });
      },
      requests: async serviceRef =>
        [...records.values()].filter(r => r.service === serviceRef),
      nameOwners: async ({ name }) => ({
        stem: `orders-${name}`,
        owners: [...records.values()]
          .filter(r => r.name === name)
          .map(r => ({
            service: r.service,
            source: 'request' as const,
            ref: `${r.service}#${r.name}`,
          })),
      }),
      now: () => NOW,
    };
  }

  async function run(
    create: (o: DayTwoActionOptions) => any,
    input: object,
    dryRun = false,
  ) {
    const ctx = Object.assign(
      createMockActionContext({ input: input as any }),
      { isDryRun: dryRun },
    );
    await create(options()).handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }
  const provision = (input: object) =>
    run(o => createProvisionAction(o), input);
  const change = (input: object, dryRun = false) =>
    run(createChangeAction, input, dryRun);
  const decommission = (input: object, dryRun = false) =>
    run(createDecommissionAction, input, dryRun);

  /**
   * Merges every open pull request on GitHub only: the records keep saying "open", as they do
   * until the refresher's next cycle, so the actions must read GitHub themselves.
   */
  function mergeOpen() {
    for (const repo of [TF, GITOPS]) {
      for (const pr of github.pullRequests('acme', repo)) {
        if (pr.state === 'open')
          github.mergePullRequest('acme', repo, pr.number);
      }
    }
  }
  const openPullRequests = (repo: string) =>
    github.pullRequests('acme', repo).filter(p => p.state === 'open');
  /** The paths and lines a branch changes against main. */
  function diff(repo: string, branch: string) {
    const base = github.files('acme', repo, 'main');
    const head = github.files('acme', repo, branch);
    const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])];
    return paths.flatMap(path => {
      if (base[path] === head[path]) return [];
      if (head[path] === undefined) return [{ path, deleted: true, lines: [] }];
      const before = new Set((base[path] ?? '').split('\n'));
      return [
        {
          path,
          deleted: false,
          lines: head[path].split('\n').filter(l => !before.has(l)),
        },
      ];
    });
  }

  const selfHostedMain = {
    service: 'component:default/orders',
    name: 'main',
    kind: 'database',
    environments: ['production', 'staging'],
    criticality: 'reconstructable',
  };
  const rdsUsers = {
    service: 'component:default/orders',
    name: 'users',
    kind: 'database',
    environments: ['production'],
    criticality: 'catastrophic',
  };

  it('resizes in place: one pull request, and only the size changes', async () => {
    await provision(selfHostedMain);
    mergeOpen();
    github.resetCalls();

    const output = await change({
      service: 'component:default/orders',
      name: 'main',
      size: 'medium',
    });

    expect(output.mode).toBe('in-place');
    expect(output.pullRequests.map((p: any) => p.repo)).toEqual([
      `acme/${GITOPS}`,
    ]);
    expect(openPullRequests(TF)).toHaveLength(0);
    const [pr] = openPullRequests(GITOPS);
    expect(pr.head).toBe('datastores/orders-main-change');
    expect(pr.title).toBe('Change database orders/main: size small → medium');
    const changed = diff(GITOPS, pr.head);
    expect(changed.map(c => c.path).sort()).toEqual([
      'apps/shop/production/orders-main-production.yaml',
      'apps/shop/staging/orders-main-staging.yaml',
    ]);
    for (const c of changed) expect(c.lines).toEqual(['  size: medium']);
    expect(parseRequestMarker(pr.body)).toMatchObject({
      operation: 'change',
      size: 'medium',
    });
    // Recorded with the backend: the change's pull request next to the provision's.
    const record = records.get('component:default/orders#main')!;
    expect(record.size).toBe('medium');
    expect(record.pullRequests.map(p => p.operation ?? 'provision')).toEqual([
      'provision',
      'change',
    ]);
  });

  it('resizes an RDS database with one Terraform pull request: the GitOps repo needs no change', async () => {
    await provision(rdsUsers);
    mergeOpen();
    const output = await change({
      service: 'component:default/orders',
      name: 'users',
      size: 'large',
    });
    expect(output.pullRequests.map((p: any) => p.target)).toEqual([
      'terraform',
    ]);
    expect(openPullRequests(GITOPS)).toHaveLength(0);
    const [pr] = openPullRequests(TF);
    const changed = diff(TF, pr.head);
    expect(changed.map(c => c.path)).toEqual([
      'datastores/production/orders-users/main.tf',
    ]);
    expect(changed[0].lines.join('\n')).toMatch(
      /instance_class|allocated_storage/,
    );
    for (const line of changed[0].lines) {
      expect(line).toMatch(/instance_class|allocated_storage/);
    }
  });

  it('refuses a change while the provision pull request is open, naming it, with one read and no write', async () => {
    await provision(selfHostedMain);
    github.resetCalls();
    await expect(
      change({
        service: 'component:default/orders',
        name: 'main',
        size: 'large',
      }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        `has an open pull request: ${github.url}/acme/${GITOPS}/pull/${
          openPullRequests(GITOPS)[0].number
        }`,
      ),
    });
    expect(github.calls.map(c => c.graphql?.name)).toEqual([
      'DatastoresPullRequestStatuses',
    ]);
  });

  it('adds a managed datastore next to the old one when the strategy changes, with the migration checklist', async () => {
    await provision({ ...selfHostedMain, environments: ['production'] });
    mergeOpen();
    const oldFile = 'apps/shop/production/orders-main-production.yaml';
    const before = github.files('acme', GITOPS, 'main')[oldFile];

    const output = await change({
      service: 'component:default/orders',
      name: 'main',
      criticality: 'catastrophic',
    });

    expect(output.mode).toBe('replace');
    expect(output.resources).toEqual([
      'resource:default/orders-main-rds-production',
    ]);
    const [tf] = openPullRequests(TF);
    expect(tf.title).toBe(
      'Replace database orders/main with orders/main-rds (production)',
    );
    expect(tf.head).toBe('datastores/orders-main-rds');
    for (const step of [
      'pg_dump',
      'logical replication',
      'Cut over',
      'Decommission `main`',
    ]) {
      expect(tf.body).toContain(step);
    }
    expect(
      Object.keys(github.files('acme', TF, tf.head)).filter(p =>
        p.startsWith('datastores/production/orders-main-rds/'),
      ),
    ).toEqual(
      expect.arrayContaining(['datastores/production/orders-main-rds/main.tf']),
    );
    // The old datastore stays, untouched, on main and on the new branches.
    const [gitops] = openPullRequests(GITOPS);
    expect(github.files('acme', GITOPS, gitops.head)[oldFile]).toBe(before);
    expect(records.get('component:default/orders#main-rds')).toMatchObject({
      replaces: 'main',
      criticality: 'catastrophic',
    });
    expect(records.get('component:default/orders#main')!.criticality).toBe(
      'reconstructable',
    );
  });

  it('decommissions an RDS database in two pull requests: the final snapshot first, the removal once it is merged', async () => {
    await provision(rdsUsers);
    mergeOpen();
    const input = {
      service: 'component:default/orders',
      name: 'users',
      confirmName: 'users',
    };

    const first = await decommission(input);
    expect(first.phase).toBe('safeguard');
    expect(first.steps).toEqual([
      {
        environment: 'production',
        safeguard: 'final-snapshot',
        finalSnapshot: 'orders-users-production-final-20261203',
      },
    ]);
    expect(openPullRequests(GITOPS)).toHaveLength(0);
    const [safeguard] = openPullRequests(TF);
    expect(safeguard.head).toBe('datastores/orders-users-safeguard');
    const main = github.files('acme', TF, safeguard.head)[
      'datastores/production/orders-users/main.tf'
    ];
    expect(main).toMatch(/deletion_protection\s+= false/);
    expect(main).toMatch(/skip_final_snapshot\s+= false/);
    expect(main).toMatch(
      /final_snapshot_identifier\s+= "orders-users-production-final-20261203"/,
    );
    expect(main).not.toContain('prevent_destroy');
    expect(diff(TF, safeguard.head).map(c => c.path)).toEqual([
      'datastores/production/orders-users/main.tf',
    ]);

    // The removal is refused while the safeguard is unmerged: one read, nothing written.
    github.resetCalls();
    await expect(decommission(input)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(`is not merged yet`),
    });
    expect(github.calls.map(c => c.graphql?.name ?? c.method)).toEqual([
      'DatastoresPullRequestStatuses',
    ]);
    expect(openPullRequests(TF)).toHaveLength(1);

    github.mergePullRequest('acme', TF, safeguard.number);
    const second = await decommission(input);
    expect(second.phase).toBe('removal');
    const [removal] = openPullRequests(TF);
    expect(removal.head).toBe('datastores/orders-users-removal');
    expect(removal.body).toContain(
      'AWS RDS final snapshot `orders-users-production-final-20261203` (restore it with `aws rds restore-db-instance-from-db-snapshot`)',
    );
    const removed = diff(TF, removal.head);
    expect(removed.every(c => c.deleted)).toBe(true);
    expect(removed.map(c => c.path).sort()).toEqual([
      'datastores/production/orders-users/catalog-info.yaml',
      'datastores/production/orders-users/main.tf',
      'datastores/production/orders-users/outputs.tf',
      'datastores/production/orders-users/versions.tf',
    ]);
    const [gitopsRemoval] = openPullRequests(GITOPS);
    expect(diff(GITOPS, gitopsRemoval.head)).toEqual([
      {
        path: 'apps/shop/production/orders-users-production.externalsecret.yaml',
        deleted: true,
        lines: [],
      },
    ]);
    const record = records.get('component:default/orders#users')!;
    expect(record.decommission).toMatchObject({
      environments: ['production'],
      finalSnapshots: { production: 'orders-users-production-final-20261203' },
    });
    expect(
      record.pullRequests
        .filter(p => p.operation === 'removal')
        .map(p => p.removes),
    ).toEqual([['production'], ['production']]);
  });

  it('denies a production decommission without datastores.decommission, with zero GitHub calls', async () => {
    await provision(rdsUsers);
    mergeOpen();
    github.resetCalls();
    permission = AuthorizeResult.DENY;
    await expect(
      decommission({
        service: 'component:default/orders',
        name: 'users',
        confirmName: 'users',
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('datastores.decommission'),
    });
    expect(github.calls).toHaveLength(0);
  });

  it('removes a cache at once, and a dry run renders the removal with zero calls', async () => {
    await provision({
      service: 'component:default/orders',
      name: 'cache',
      kind: 'cache',
      environments: ['preview'],
      criticality: 'ephemeral',
    });
    mergeOpen();
    github.resetCalls();
    const input = {
      service: 'component:default/orders',
      name: 'cache',
      confirmName: 'cache',
    };
    const dry = await decommission(input, true);
    expect(dry.phase).toBe('removal');
    expect(dry.files.every((f: any) => f.content === null)).toBe(true);
    expect(github.calls).toHaveLength(0);

    const output = await decommission(input);
    expect(output.phase).toBe('removal');
    const [pr] = openPullRequests(GITOPS);
    expect(diff(GITOPS, pr.head).map(c => [c.path, c.deleted])).toEqual([
      ['apps/shop/preview/orders-cache-preview.yaml', true],
      ['catalog/shop/orders-cache-preview.yaml', true],
    ]);
  });

  it('refuses a confirmation that is not the name, with zero calls', async () => {
    await expect(
      decommission({
        service: 'component:default/orders',
        name: 'users',
        confirmName: 'user',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'confirmName must be the datastore\'s name, "users"',
      ),
    });
    expect(github.calls).toHaveLength(0);
  });

  // The fields each action takes, from the corpus every action refuses.
  const changeFields = ['name', 'service', 'environments', 'criticality'];
  const corpus = (fields: string[]) =>
    hostileInputs.filter(
      ([field]) =>
        fields.includes(field) ||
        pullRequestOptionFields.includes(field) ||
        field === 'draft',
    );
  it.each(corpus(changeFields))(
    'datastores:change refuses hostile %s %j with zero calls, dry run too',
    async (field, value) => {
      for (const dryRun of [false, true]) {
        await expect(
          change(
            {
              service: 'component:default/orders',
              name: 'main',
              size: 'medium',
              [field]: value,
            },
            dryRun,
          ),
        ).rejects.toMatchObject({
          name: 'InputError',
          message: expect.stringContaining(field),
        });
      }
      expect(github.calls).toHaveLength(0);
    },
  );
  it.each(corpus(['name', 'service', 'environments']))(
    'datastores:decommission refuses hostile %s %j with zero calls, dry run too',
    async (field, value) => {
      for (const dryRun of [false, true]) {
        await expect(
          decommission(
            {
              service: 'component:default/orders',
              name: 'main',
              confirmName: field === 'name' ? value : 'main',
              [field]: value,
            },
            dryRun,
          ),
        ).rejects.toMatchObject({
          name: 'InputError',
          message: expect.stringContaining(field),
        });
      }
      expect(github.calls).toHaveLength(0);
    },
  );

  it('names the service it cannot find', async () => {
    await expect(
      change({
        service: 'component:default/nope',
        name: 'main',
        size: 'large',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect(parseEntityRef('component:default/nope').name).toBe('nope');
  });
});
