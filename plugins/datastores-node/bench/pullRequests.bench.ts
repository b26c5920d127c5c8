/*
 * Benchmark: GitHub calls and wall time to open a pull request of 1, 4 and 16 files,
 * the datastores pull-request engine against Backstage's `publish:github:pull-request`,
 * both on the same local GitHub stand-in with 50 ms latency per call.
 *
 *   yarn workspace @datastores/plugin-datastores-node bench:pr
 *
 * Env: BENCH_LATENCY_MS (default 50), BENCH_RUNS (default 3; the median is reported).
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
import { startGithubServer } from '@datastores/test-servers';
import { createPullRequestEngine } from '../src/github';

// createMockActionContext builds its mocks with `jest.fn()`: outside Jest, give it a minimal one.
type Fn = ((...args: unknown[]) => unknown) & Record<string, unknown>;
function mockFn(): Fn {
  let impl: (...args: unknown[]) => unknown = () => undefined;
  const fn = ((...args: unknown[]) => impl(...args)) as Fn;
  const set = (f: typeof impl) => {
    impl = f;
    return fn;
  };
  fn.mockImplementation = set;
  fn.mockResolvedValue = (v: unknown) => set(() => Promise.resolve(v));
  fn.mockReturnValue = (v: unknown) => set(() => v);
  return fn;
}
(globalThis as any).jest ??= { fn: mockFn };

const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = [1, 4, 16];

const files = (n: number) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `datastores/orders-db/production/file-${i}.yaml`,
      `# file ${i}\nkind: Example\nmetadata:\n  name: orders-db-${i}\n`,
    ]),
  );

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const server = await startGithubServer({ latencyMs: LATENCY });
  const host = new URL(server.url).host;
  const config = new ConfigReader({
    integrations: {
      github: [{ host, apiBaseUrl: server.apiBaseUrl, token: 'bench-token' }],
    },
  });
  const integrations = ScmIntegrations.fromConfig(config);
  const credentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const engine = createPullRequestEngine({ integrations, credentialsProvider });
  const action = createPublishGithubPullRequestAction({
    integrations,
    githubCredentialsProvider: credentialsProvider,
    config,
  });

  let runId = 0;
  const fresh = () => {
    runId += 1;
    const name = `infra-${runId}`;
    server.seedRepo({
      owner: 'acme',
      name,
      files: { 'README.md': '# infra\n' },
      labels: ['datastores'],
    });
    server.resetCalls();
    return name;
  };

  async function timeEngine(n: number, extras: boolean) {
    const name = fresh();
    const start = performance.now();
    const result = await engine.openPullRequest({
      repo: `${server.url}/acme/${name}`,
      baseBranch: 'main',
      branch: 'datastores/orders-db',
      files: files(n),
      title: 'Provision orders-db',
      body: 'bench',
      ...(extras ? { labels: ['datastores'], reviewers: ['alice'] } : {}),
    });
    const ms = performance.now() - start;
    if (result.calls !== server.calls.length)
      throw new Error('call count mismatch');
    return { ms, calls: server.calls.length };
  }

  async function timeBackstage(n: number, extras: boolean) {
    const name = fresh();
    const workspacePath = await mkdtemp(join(tmpdir(), 'bench-pr-'));
    try {
      for (const [path, content] of Object.entries(files(n))) {
        await mkdir(dirname(join(workspacePath, path)), { recursive: true });
        await writeFile(join(workspacePath, path), content);
      }
      const ctx = createMockActionContext({
        input: {
          repoUrl: `${host}?owner=acme&repo=${name}`,
          branchName: 'datastores/orders-db',
          targetBranchName: 'main',
          title: 'Provision orders-db',
          description: 'bench',
          ...(extras ? { reviewers: ['alice'] } : {}),
        },
        workspacePath,
      });
      server.resetCalls();
      const start = performance.now();
      await action.handler(ctx as any);
      const ms = performance.now() - start;
      if (server.pullRequests('acme', name).length !== 1) {
        throw new Error('publish:github:pull-request opened no pull request');
      }
      return { ms, calls: server.calls.length };
    } finally {
      await rm(workspacePath, { recursive: true, force: true });
    }
  }

  const measure = async (fn: () => Promise<{ ms: number; calls: number }>) => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await fn());
    return { ms: median(runs.map(r => r.ms)), calls: runs[0].calls };
  };

  const rows: string[] = [];
  for (const extras of [false, true]) {
    for (const n of SIZES) {
      const ours = await measure(() => timeEngine(n, extras));
      const theirs = await measure(() => timeBackstage(n, extras));
      rows.push(
        `| ${n} | ${extras ? 'yes' : 'no'} | ${ours.calls} | ${ours.ms.toFixed(
          0,
        )} | ${theirs.calls} | ${theirs.ms.toFixed(0)} | ${(
          theirs.ms / ours.ms
        ).toFixed(1)}× |`,
      );
    }
  }
  await server.close();

  console.log(
    `\nPull request benchmark: ${LATENCY} ms latency per GitHub call, median of ${RUNS} runs, new branch + new pull request\n`,
  );
  console.log(
    '| files | labels + reviewer | engine calls | engine ms | publish:github:pull-request calls | publish:github:pull-request ms | speed-up |',
  );
  console.log('| ---: | :---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log(
    '\n(publish:github:pull-request has no labels input: in the "yes" rows it only requests the reviewer.)',
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
