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
import {
  datastoreRequestProblems,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';
import {
  createPullRequestEngine,
  parseRequestMarker,
  readDatastoresConfig,
} from '@datastores/plugin-datastores-node';
import {
  createGithubApp,
  GithubServer,
  startGithubServer,
} from '@datastores/test-servers';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createProvisionAction, writeToWorkspace } from './provision';
import {
  hostileInputs,
  pullRequestOptionFields,
} from '../../fixtures/actions/hostileInputs';
import {
  datastoresConfigData,
  ordersService,
} from '../../fixtures/actions/fixtures';

jest.setTimeout(30_000);

const service = ordersService;

/** A GitHub App the stand-in knows, and how `integrations.github[].apps` names it. */
const APP = createGithubApp({
  appId: 12,
  slug: 'datastores-app',
  installations: [{ id: 3, account: 'acme' }],
});

describe('datastores:provision against the GitHub stand-in', () => {
  let github: GithubServer;
  let recorded: ProvisioningRequestRecord[];

  beforeAll(async () => {
    github = await startGithubServer({ apps: [APP.server] });
  });
  afterAll(() => github.close());
  beforeEach(() => {
    github.reset();
    recorded = [];
    for (const name of ['infra-terraform', 'infra-gitops']) {
      github.seedRepo({
        owner: 'acme',
        name,
        files: { 'README.md': `# ${name}\n` },
        labels: ['datastores'],
      });
    }
    github.resetCalls();
  });

  function makeAction(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
    recordRequest?: () => Promise<void>,
    credentials: 'token' | 'app' = 'token',
  ) {
    const config = new ConfigReader({
      integrations: {
        github: [
          {
            host: new URL(github.url).host,
            apiBaseUrl: github.apiBaseUrl,
            ...(credentials === 'app'
              ? { apps: [APP.integration] }
              : { token: 'test-token' }),
          },
        ],
      },
      datastores: datastoresConfigData(github.url),
    });
    const integrations = ScmIntegrations.fromConfig(config);
    return createProvisionAction({
      config: readDatastoresConfig(config),
      catalog: catalogServiceMock({ entities: [service] }),
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
      recordRequest:
        recordRequest ??
        (async record => {
          recorded.push(record);
        }),
      // What the backend answers (see NameOwners there): the requests recorded so far.
      nameOwners: async ({ name }) => {
        const stem = `orders-${name}`;
        return {
          stem,
          owners: recorded
            .filter(r => `${parseEntityRef(r.service).name}-${r.name}` === stem)
            .map(r => ({
              service: r.service,
              source: 'request' as const,
              ref: `${r.service}#${r.name}`,
              owner: r.owner,
            })),
        };
      },
    });
  }

  async function run(
    input: object,
    options: { dryRun?: boolean; action?: ReturnType<typeof makeAction> } = {},
  ) {
    // This version of the mock context drops isDryRun, so it is set here.
    const ctx = Object.assign(
      createMockActionContext({ input: input as any }),
      {
        isDryRun: options.dryRun ?? false,
        // The user who runs the task: the backend tells them as the lifecycle moves.
        user: { ref: 'user:default/jane-doe' },
      },
    );
    await (options.action ?? makeAction()).handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }

  const productionAndPreview = {
    service: 'component:default/orders',
    name: 'main',
    kind: 'database',
    environments: ['production', 'staging', 'preview'],
    criticality: 'reconstructable',
  };
  const catastrophicProduction = {
    service: 'component:default/orders',
    name: 'users',
    kind: 'database',
    environments: ['production'],
    criticality: 'catastrophic',
  };

  it('opens one pull request per target repo for a managed production Postgres', async () => {
    const output = await run(catastrophicProduction);

    expect(output.pullRequests.map((p: any) => [p.target, p.repo])).toEqual([
      ['terraform', 'acme/infra-terraform'],
      ['gitops', 'acme/infra-gitops'],
    ]);
    expect(github.pullRequests('acme', 'infra-terraform')).toHaveLength(1);
    expect(github.pullRequests('acme', 'infra-gitops')).toHaveLength(1);
    const terraformFiles = Object.keys(
      github.files('acme', 'infra-terraform', 'datastores/orders-users'),
    ).sort();
    expect(terraformFiles.some(f => f.endsWith('.tf'))).toBe(true);
    expect(terraformFiles).toContain(
      'datastores/production/orders-users/catalog-info.yaml',
    );
    const gitopsFiles = Object.keys(
      github.files('acme', 'infra-gitops', 'datastores/orders-users'),
    );
    expect(
      gitopsFiles.filter(f => f.endsWith('.externalsecret.yaml')),
    ).toHaveLength(1);
    // The Resource entity is written once, in the repo that owns the datastore.
    expect(gitopsFiles.some(f => f.includes('catalog'))).toBe(false);
    expect(output.resources).toEqual([
      'resource:default/orders-users-production',
    ]);

    const [pr] = github.pullRequests('acme', 'infra-terraform');
    expect(pr.labels).toEqual(
      expect.arrayContaining(['datastores', 'managed']),
    );
    // Multi-AZ RDS at size small, from the shipped prices.
    expect(pr.body).toContain('| about $110/month (Multi-AZ) |');
    expect(pr.body).toContain(
      '**Estimated cost**: about $110/month in total, at size small;',
    );
    expect(parseRequestMarker(pr.body)).toMatchObject({
      service: 'component:default/orders',
      name: 'users',
    });
    expect(recorded[0].pullRequests.map(p => p.number)).toEqual(
      output.pullRequests.map((p: any) => p.number),
    );
    // Who asked is recorded with the backend, not written into the pull request.
    expect(recorded[0].requestedBy).toBe('user:default/jane-doe');
    expect(parseRequestMarker(pr.body)?.requestedBy).toBeUndefined();
  });

  it("opens both repositories' pull requests in three round trips", async () => {
    await run(catastrophicProduction);
    expect(github.calls.map(c => c.graphql?.name)).toEqual([
      'DatastoresPullRequestState',
      'DatastoresApplyPullRequest',
      'DatastoresDecoratePullRequest',
    ]);
  });

  it('says which repository failed and which pull request stands; a re-run finishes', async () => {
    github.failMutation({
      field: 'createCommitOnBranch',
      repo: 'acme/infra-gitops',
    });
    const error = await run(catastrophicProduction).catch(e => e);
    const [terraformPr] = github.pullRequests('acme', 'infra-terraform');
    expect(error.name).toBe('IncompletePullRequestsError');
    expect(error.message).toMatch(
      /^GitHub acme\/infra-gitops: create labels, create the branch, commit 1 file\(s\), open the pull request failed: FORBIDDEN: Resource not accessible by integration; UNPROCESSABLE: No commits between main and datastores\/orders-users\. State: branch "datastores\/orders-users" exists at [0-9a-f]{7}; no pull request open\./,
    );
    expect(error.message).toContain(
      `These pull requests stand: ${github.url}/acme/infra-terraform/pull/${terraformPr.number}. Run the task again to finish.`,
    );
    expect(recorded).toEqual([]);

    const output = await run(catastrophicProduction);
    expect(output.pullRequests.map((p: any) => p.repo)).toEqual([
      'acme/infra-terraform',
      'acme/infra-gitops',
    ]);
    expect(github.pullRequests('acme', 'infra-terraform')).toHaveLength(1);
    expect(recorded).toHaveLength(1);
  });

  it('opens both pull requests as a GitHub App configured in integrations.github', async () => {
    const action = makeAction(AuthorizeResult.ALLOW, undefined, 'app');
    const output = await run(catastrophicProduction, { action });
    expect(output.pullRequests).toHaveLength(2);
    for (const name of ['infra-terraform', 'infra-gitops']) {
      const [pr] = github.pullRequests('acme', name);
      expect(pr.author).toBe('datastores-app[bot]');
      expect(pr.labels).toContain('datastores');
    }
    // One installation token, renewed by Backstage only when it nears its expiry.
    expect(github.apps.issued.map(t => t.installationId)).toEqual([3]);
    expect(github.calls.filter(c => c.status === 401)).toEqual([]);
  });

  it('opens exactly one GitOps pull request for self-hosted databases, and none on a re-run', async () => {
    const first = await run(productionAndPreview);
    expect(first.pullRequests.map((p: any) => p.target)).toEqual(['gitops']);
    const calls = github.calls.length;

    const again = await run(productionAndPreview);
    expect(again.pullRequests).toEqual(first.pullRequests);
    expect(github.pullRequests('acme', 'infra-gitops')).toHaveLength(1);
    expect(github.pullRequests('acme', 'infra-terraform')).toHaveLength(0);
    expect(github.calls.length - calls).toBeLessThanOrEqual(2); // reads only: nothing changed
    const files = Object.keys(
      github.files('acme', 'infra-gitops', 'datastores/orders-main'),
    );
    expect(files.filter(f => f.includes('orders-main-'))).not.toHaveLength(0);
  });

  it('opens one pull request for a cache', async () => {
    const output = await run({
      service: 'component:default/orders',
      name: 'cache',
      kind: 'cache',
      environments: ['production', 'dev'],
      criticality: 'reconstructable',
    });
    expect(output.pullRequests).toHaveLength(1);
    expect(output.resources).toEqual([
      'resource:default/orders-cache-production',
      'resource:default/orders-cache-dev',
    ]);
  });

  it('is a no-op that says so when re-run after its pull request merged', async () => {
    const first = await run(productionAndPreview);
    const [pr] = github.pullRequests('acme', 'infra-gitops');
    github.mergePullRequest('acme', 'infra-gitops', pr.number);
    const base = github.branchSha('acme', 'infra-gitops', 'main');

    const again = await run(productionAndPreview);

    expect(again.pullRequests).toEqual([
      { ...first.pullRequests[0], state: 'merged' },
    ]);
    expect(github.pullRequests('acme', 'infra-gitops')).toHaveLength(1);
    expect(github.branchSha('acme', 'infra-gitops', 'main')).toBe(base);
  });

  it('opens a new pull request from a fresh branch when a merged request changes', async () => {
    await run(productionAndPreview);
    const [pr] = github.pullRequests('acme', 'infra-gitops');
    github.mergePullRequest('acme', 'infra-gitops', pr.number, {
      method: 'squash',
    });

    const again = await run({
      ...productionAndPreview,
      environments: [...productionAndPreview.environments, 'dev'],
    });

    expect(again.pullRequests[0].number).not.toBe(pr.number);
    expect(again.pullRequests[0].state).toBeUndefined();
    const open = github
      .pullRequests('acme', 'infra-gitops')
      .filter(p => p.state === 'open');
    expect(open).toHaveLength(1);
    expect(
      Object.keys(github.files('acme', 'infra-gitops', open[0].head)),
    ).toEqual(
      expect.arrayContaining([expect.stringContaining('orders-main-dev')]),
    );
  });

  it("refuses a name another service's request holds, before any call", async () => {
    await run(productionAndPreview);
    recorded[0] = { ...recorded[0], service: 'component:shop/orders' };
    github.resetCalls();

    await expect(run(productionAndPreview)).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'already belong to component:shop/orders',
      ),
    });
    await expect(
      run(productionAndPreview, { dryRun: true }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(github.calls).toHaveLength(0);
  });

  it('renders everything and calls nothing in a dry run', async () => {
    const output = await run(catastrophicProduction, { dryRun: true });
    expect(output.pullRequests).toEqual([]);
    expect(output.files.map((f: any) => f.target)).toEqual(
      expect.arrayContaining(['terraform', 'gitops']),
    );
    expect(github.calls).toHaveLength(0);
  });

  it('writes nothing when the initiator may not provision production', async () => {
    await expect(
      run(catastrophicProduction, { action: makeAction(AuthorizeResult.DENY) }),
    ).rejects.toThrow('You may not create a managed production datastore');
    expect(github.calls).toHaveLength(0);
  });

  it('still succeeds when the backend cannot record the request', async () => {
    const output = await run(productionAndPreview, {
      action: makeAction(AuthorizeResult.ALLOW, async () => {
        throw new Error('backend down');
      }),
    });
    expect(output.pullRequests).toHaveLength(1);
  });

  function hostileInput(field: string, value: unknown) {
    const input = { ...productionAndPreview, [field]: value };
    // The request itself is valid when the hostile value is a pull request option.
    expect(datastoreRequestProblems(input).length > 0).toBe(
      !pullRequestOptionFields.includes(field) && field !== 'draft',
    );
    let named = field;
    if (field === 'environments') named = 'environments[0]';
    else if (pullRequestOptionFields.includes(field) && Array.isArray(value)) {
      named = `${field}[1]`;
    }
    return { input, named };
  }

  it.each(hostileInputs)(
    'refuses hostile %s %j with zero GitHub calls',
    async (field, value) => {
      const { input, named } = hostileInput(field, value);
      await expect(run(input)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(named),
      });
      expect(github.calls).toHaveLength(0);
    },
  );

  it.each(hostileInputs)(
    'refuses hostile %s %j in a dry run too, with zero GitHub calls',
    async (field, value) => {
      const { input, named } = hostileInput(field, value);
      await expect(run(input, { dryRun: true })).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(named),
      });
      expect(github.calls).toHaveLength(0);
    },
  );

  it.each([false, true])(
    'refuses an application service, saying why (dry run %s), with zero GitHub calls',
    async dryRun => {
      await expect(
        run({ ...productionAndPreview, kind: 'service' }, { dryRun }),
      ).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(
          'kind must be one of database, cache; got "service": application services are stateless; state lives in a database or a cache',
        ),
      });
      expect(github.calls).toHaveLength(0);
    },
  );

  it('passes the validated reviewers, teams, labels and draft to GitHub, without duplicates', async () => {
    await run({
      ...productionAndPreview,
      reviewers: ['alice', 'alice'],
      teamReviewers: ['acme/dba', 'acme/dba'],
      labels: ['needs review', 'needs review'],
      draft: true,
    });
    const [pr] = github.pullRequests('acme', 'infra-gitops');
    expect(pr).toMatchObject({
      labels: ['datastores', 'self-hosted', 'needs review'],
      reviewers: ['alice'],
      teamReviewers: ['dba'],
      draft: true,
    });
  });

  it('refuses a request the policy refuses, before any call', async () => {
    await expect(
      run({ ...catastrophicProduction, environments: ['preview'] }),
    ).rejects.toThrow(
      'catastrophic data does not belong in a throw-away environment',
    );
    expect(github.calls).toHaveLength(0);
  });
});

describe('datastores:provision, the Template Editor and the task page', () => {
  let workspacePath: string;
  let opened: Array<{ repo: string; files: string[] }>;
  beforeEach(async () => {
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'provision-'));
    opened = [];
  });
  afterEach(() => fs.rm(workspacePath, { recursive: true, force: true }));

  const action = createProvisionAction({
    config: readDatastoresConfig(
      new ConfigReader({
        datastores: {
          targets: {
            terraform: { repoUrl: 'https://github.com/acme/infra-terraform' },
            gitops: { repoUrl: 'https://github.com/acme/infra-gitops' },
          },
          environments: {
            production: {
              aws: {
                region: 'eu-west-1',
                dbSubnetGroupName: 'prod',
                vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
              },
            },
          },
        },
      }),
    ),
    catalog: catalogServiceMock({ entities: [service] }),
    permissions: mockServices.permissions(),
    // Stands in for GitHub: the pull request of each repo is number 12.
    engine: {
      openPullRequests: async requests => ({
        calls: 2,
        outcomes: requests.map(request => {
          opened.push({
            repo: request.repo,
            files: Object.keys(request.files),
          });
          return {
            ok: true as const,
            repo: request.repo,
            result: {
              url: `${request.repo}/pull/12`,
              number: 12,
              branch: request.branch,
              created: true,
              committed: true,
              headSha: 'abc',
              calls: 2,
            },
          };
        }),
      }),
    },
    recordRequest: async () => {},
    nameOwners: async ({ name }) => ({ stem: `orders-${name}`, owners: [] }),
  });

  async function run(input: object, dryRun: boolean) {
    const ctx = Object.assign(
      createMockActionContext({ input: input as any, workspacePath }),
      { isDryRun: dryRun },
    );
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }

  async function workspaceFiles(dir = workspacePath): Promise<string[]> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(
      entries.map(async e =>
        e.isDirectory()
          ? workspaceFiles(path.join(dir, e.name))
          : [path.join(dir, e.name)],
      ),
    );
    return nested.flat();
  }

  const input = {
    service: 'component:default/orders',
    name: 'main',
    kind: 'database',
    environments: ['production'],
    criticality: 'catastrophic',
  };

  it.each([
    [
      'a managed production Postgres',
      input,
      [
        'terraform/datastores/production/orders-main/main.tf',
        'terraform/datastores/production/orders-main/catalog-info.yaml',
        'gitops/apps/shop/production/orders-main-production.externalsecret.yaml',
      ],
    ],
    [
      'a self-hosted preview Postgres',
      { ...input, environments: ['preview'], criticality: 'reconstructable' },
      ['gitops/apps/shop/preview/orders-main-preview.yaml'],
    ],
  ])(
    'writes every rendered file of %s into the dry run workspace as <target>/<path>, and opens nothing',
    async (_name, request, paths) => {
      const output = await run(request, true);

      expect(opened).toEqual([]);
      expect(output.pullRequests).toEqual([]);
      expect(output.links).toEqual([]);
      const files: Array<{ target: string; path: string; content: string }> =
        output.files;
      const expected = files.map(f => `${f.target}/${f.path}`);
      expect(expected).toEqual(expect.arrayContaining(paths));
      const written = (await workspaceFiles()).map(f =>
        path.relative(workspacePath, f).split(path.sep).join('/'),
      );
      expect(written.sort()).toEqual([...expected].sort());
      for (const file of files) {
        await expect(
          fs.readFile(path.join(workspacePath, file.target, file.path), 'utf8'),
        ).resolves.toBe(file.content);
      }
    },
  );

  it('writes nothing into the workspace when it opens the pull requests', async () => {
    await run(input, false);
    expect(opened).toHaveLength(2);
    expect(await workspaceFiles()).toEqual([]);
  });

  it('refuses a path that would leave the workspace, before writing any file', async () => {
    await expect(
      writeToWorkspace(workspacePath, [
        { target: 'gitops', path: 'apps/orders/ok.yaml', content: 'x' },
        { target: 'gitops', path: '../../escaped.yaml', content: 'x' },
      ]),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      writeToWorkspace(workspacePath, [
        { target: 'terraform', path: '/../../../etc/escaped', content: 'x' },
      ]),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(await workspaceFiles()).toEqual([]);
    await expect(
      fs.access(path.join(workspacePath, '..', 'escaped.yaml')),
    ).rejects.toThrow();
  });

  it('outputs one link per pull request, with the GitHub icon', async () => {
    const output = await run(input, false);
    expect(output.links).toEqual([
      {
        title: 'acme/infra-terraform#12 (terraform)',
        url: 'https://github.com/acme/infra-terraform/pull/12',
        icon: 'github',
      },
      {
        title: 'acme/infra-gitops#12 (gitops)',
        url: 'https://github.com/acme/infra-gitops/pull/12',
        icon: 'github',
      },
    ]);
  });
});
