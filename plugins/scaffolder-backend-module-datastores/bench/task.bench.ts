/*
 * Benchmark: the steps of a "Provision datastore" task for a managed production Postgres (a
 * pull request to the Terraform repo, four files, and one to the GitOps repo), run by
 * `datastores:provision`, against a template that opens the same files with two
 * `publish:github:pull-request` steps. Both on the local GitHub stand-in, 50 ms per call.
 *
 *   yarn workspace @datastores/plugin-scaffolder-backend-module-datastores bench:task
 *
 * What is timed is the template's steps (the scaffolder's own queueing and workspace handling
 * are the same for both and left out): ours from its input to its output (validation, decision,
 * rendering, the pull requests, the request record); theirs the two publish steps, given the
 * files ours rendered (rendering takes about a millisecond: `bench:render`).
 * Env: BENCH_LATENCY_MS (default 50), BENCH_RUNS (default 5; the median is reported).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createPullRequestEngine,
  readDatastoresConfig,
} from '@datastores/plugin-datastores-node';
import { startGithubServer } from '@datastores/test-servers';
import { createProvisionAction } from '../src/actions/provision';

// createMockActionContext builds its mocks with `jest.fn()`: outside Jest, give it a minimal one.
type Fn = ((...args: unknown[]) => unknown) & Record<string, unknown>;
function mockFn(): Fn {
  let impl: (...args: unknown[]) => unknown = () => undefined;
  const calls: unknown[][] = [];
  const fn = ((...args: unknown[]) => {
    calls.push(args);
    return impl(...args);
  }) as Fn;
  const set = (f: typeof impl) => {
    impl = f;
    return fn;
  };
  fn.mock = { calls };
  fn.mockImplementation = set;
  fn.mockResolvedValue = (v: unknown) => set(() => Promise.resolve(v));
  fn.mockReturnValue = (v: unknown) => set(() => v);
  return fn;
}
(globalThis as any).jest ??= { fn: mockFn };

const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const service = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'shop' },
  },
  spec: { type: 'service', owner: 'group:default/shop-team' },
};

async function main() {
  const server = await startGithubServer({ latencyMs: LATENCY });
  const host = new URL(server.url).host;
  let runId = 0;

  /** Two fresh repositories, and a config whose targets are them. */
  function fresh() {
    runId += 1;
    const repos = {
      terraform: `infra-terraform-${runId}`,
      gitops: `infra-gitops-${runId}`,
    };
    for (const name of Object.values(repos)) {
      server.seedRepo({
        owner: 'acme',
        name,
        files: { 'README.md': `# ${name}\n` },
        labels: ['datastores', 'managed'],
      });
    }
    const config = new ConfigReader({
      integrations: {
        github: [{ host, apiBaseUrl: server.apiBaseUrl, token: 'bench' }],
      },
      datastores: {
        targets: {
          terraform: { repoUrl: `${server.url}/acme/${repos.terraform}` },
          gitops: { repoUrl: `${server.url}/acme/${repos.gitops}` },
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
    });
    const integrations = ScmIntegrations.fromConfig(config);
    const credentialsProvider =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
    server.resetCalls();
    return { repos, config, integrations, credentialsProvider };
  }

  const input = {
    service: 'component:default/orders',
    name: 'users',
    kind: 'database',
    environments: ['production'],
    criticality: 'catastrophic',
  };

  async function ours() {
    const { repos, config, integrations, credentialsProvider } = fresh();
    const action = createProvisionAction({
      config: readDatastoresConfig(config),
      catalog: {
        getEntityByRef: async () => service,
        getEntitiesByRefs: async () => ({ items: [service] }),
      } as any,
      permissions: {
        authorize: async (requests: unknown[]) =>
          requests.map(() => ({ result: 'ALLOW' })),
        authorizeConditional: async (requests: unknown[]) =>
          requests.map(() => ({ result: 'ALLOW' })),
      } as any,
      engine: createPullRequestEngine({ integrations, credentialsProvider }),
      recordRequest: async () => {},
      nameOwners: async ({ name }) => ({ stem: `orders-${name}`, owners: [] }),
    });
    const ctx = Object.assign(
      createMockActionContext({ input: input as any }),
      {
        isDryRun: false,
      },
    );
    const start = performance.now();
    await action.handler(ctx as any);
    const ms = performance.now() - start;
    const files = Object.fromEntries(
      Object.entries(repos).map(([target, name]) => {
        const [pr] = server.pullRequests('acme', name);
        const all = server.files('acme', name, pr.head);
        delete all['README.md'];
        return [target, all];
      }),
    );
    return { ms, calls: server.calls.length, files };
  }

  async function theirs(files: Record<string, Record<string, string>>) {
    const { repos, config, integrations, credentialsProvider } = fresh();
    const action = createPublishGithubPullRequestAction({
      integrations,
      githubCredentialsProvider: credentialsProvider,
      config,
    });
    const workspacePath = await mkdtemp(join(tmpdir(), 'bench-task-'));
    try {
      for (const [target, contents] of Object.entries(files)) {
        for (const [path, content] of Object.entries(contents)) {
          const file = join(workspacePath, target, path);
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, content);
        }
      }
      const start = performance.now();
      // The template's two steps, one after the other.
      for (const [target, name] of Object.entries(repos)) {
        const ctx = createMockActionContext({
          input: {
            repoUrl: `${host}?owner=acme&repo=${name}`,
            branchName: 'datastores/orders-users',
            targetBranchName: 'main',
            title: 'Provision database orders/users (production)',
            description: 'bench',
            sourcePath: target,
          },
          workspacePath,
        });
        await action.handler(ctx as any);
      }
      const ms = performance.now() - start;
      for (const name of Object.values(repos)) {
        if (server.pullRequests('acme', name).length !== 1) {
          throw new Error(
            `publish:github:pull-request opened nothing in ${name}`,
          );
        }
      }
      return { ms, calls: server.calls.length };
    } finally {
      await rm(workspacePath, { recursive: true, force: true });
    }
  }

  const oursRuns = [];
  const theirsRuns = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await ours();
    oursRuns.push(run);
    theirsRuns.push(await theirs(run.files));
  }
  await server.close();
  const [first] = oursRuns;
  const fileCounts = Object.entries(first.files)
    .map(([target, f]) => `${target} ${Object.keys(f).length}`)
    .join(', ');
  const oursMs = median(oursRuns.map(r => r.ms));
  const theirsMs = median(theirsRuns.map(r => r.ms));
  console.log(
    `\nProvision datastore task steps: managed production Postgres (files: ${fileCounts}), ${LATENCY} ms latency per GitHub call, median of ${RUNS} runs\n`,
  );
  console.log('| template | GitHub calls | ms |');
  console.log('| --- | ---: | ---: |');
  console.log(
    `| "Provision datastore" (datastores:provision) | ${
      first.calls
    } | ${oursMs.toFixed(0)} |`,
  );
  console.log(
    `| the same files, 2 × publish:github:pull-request | ${
      theirsRuns[0].calls
    } | ${theirsMs.toFixed(0)} |`,
  );
  console.log(`\nspeed-up: ${(theirsMs / oursMs).toFixed(1)}×`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
