/*
 * Benchmark, on the same local GitHub stand-in with 50 ms latency per call:
 * 1. GitHub calls and wall time to open a pull request of 1, 4 and 16 files, the datastores
 *    pull-request engine against Backstage's `publish:github:pull-request`;
 * 2. a whole request that touches two repositories (a managed production Postgres: the
 *    Terraform and the GitOps repo), labelled as the action labels it: the engine's one batch
 *    against two `publish:github:pull-request` steps;
 * 3. a refresh cycle's reads of 1, 50 and 500 open pull requests: batched (fifty to a query)
 *    against one read per pull request.
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

  async function publishWithBackstage(
    name: string,
    n: number,
    input: { reviewers?: string[] },
  ) {
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
          ...input,
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

  const timeBackstage = (n: number, extras: boolean) =>
    publishWithBackstage(fresh(), n, extras ? { reviewers: ['alice'] } : {});

  async function timeEngineTwoRepos(n: number) {
    const names = [fresh(), fresh()];
    server.resetCalls();
    const start = performance.now();
    const { outcomes, calls } = await engine.openPullRequests(
      names.map(name => ({
        repo: `${server.url}/acme/${name}`,
        baseBranch: 'main',
        branch: 'datastores/orders-db',
        files: files(n),
        title: 'Provision orders-db',
        body: 'bench',
        labels: ['datastores', 'managed'],
      })),
    );
    const ms = performance.now() - start;
    if (!outcomes.every(o => o.ok)) throw new Error('a pull request failed');
    if (calls !== server.calls.length) throw new Error('call count mismatch');
    return { ms, calls };
  }

  async function timeBackstageTwoRepos(n: number) {
    const names = [fresh(), fresh()];
    let ms = 0;
    let calls = 0;
    // Two template steps, one after the other, as a template would run them.
    for (const name of names) {
      const one = await publishWithBackstage(name, n, {});
      ms += one.ms;
      calls += one.calls;
    }
    return { ms, calls };
  }

  async function timeStatuses(count: number, batched: boolean) {
    const name = fresh();
    const refs = Array.from({ length: count }, (_, i) => {
      const pr = server.openPullRequestAs({
        owner: 'acme',
        repo: name,
        author: 'backstage-bot',
        branch: `datastores/s${i}`,
        files: { [`s${i}.yaml`]: `${i}\n` },
        title: `s${i}`,
        body: '',
      });
      return { repo: `${server.url}/acme/${name}`, number: pr.number };
    });
    server.resetCalls();
    const start = performance.now();
    if (batched) {
      const outcomes = await engine.getPullRequestStatuses(refs);
      if (!outcomes.every(o => o.ok)) throw new Error('a read failed');
    } else {
      for (const ref of refs) await engine.getPullRequestStatus(ref);
    }
    return { ms: performance.now() - start, calls: server.calls.length };
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
  const twoRepoRows: string[] = [];
  for (const n of SIZES) {
    const ours = await measure(() => timeEngineTwoRepos(n));
    const theirs = await measure(() => timeBackstageTwoRepos(n));
    twoRepoRows.push(
      `| ${n} | ${ours.calls} | ${ours.ms.toFixed(0)} | ${
        theirs.calls
      } | ${theirs.ms.toFixed(0)} | ${(theirs.ms / ours.ms).toFixed(1)}× |`,
    );
  }

  // One run each: the unbatched reads of 500 pull requests take 500 calls.
  const refreshRows: string[] = [];
  for (const count of [1, 50, 500]) {
    const batched = await timeStatuses(count, true);
    const single = await timeStatuses(count, false);
    refreshRows.push(
      `| ${count} | ${batched.calls} | ${batched.ms.toFixed(0)} | ${
        single.calls
      } | ${single.ms.toFixed(0)} |`,
    );
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

  console.log(
    `\nA whole request in two repositories (Terraform + GitOps), labelled datastores + managed; n files in each; median of ${RUNS} runs\n`,
  );
  console.log(
    '| files per repo | engine calls | engine ms | 2 × publish:github:pull-request calls | 2 × publish:github:pull-request ms | speed-up |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of twoRepoRows) console.log(row);
  console.log(
    '\n(publish:github:pull-request cannot label: its rows open the pull requests only.)',
  );

  console.log(
    `\nA refresh cycle's reads of open pull requests (state and checks), one run\n`,
  );
  console.log(
    '| open pull requests | batched calls | batched ms | one read each: calls | one read each: ms |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const row of refreshRows) console.log(row);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
