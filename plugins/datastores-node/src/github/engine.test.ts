import { GithubServer, startGithubServer } from '@datastores/test-servers';
import { assertPublishedSchema } from '../../fixtures/github/publishedSchema';
import { engineFor } from '../../fixtures/github/engineFor';
import { PullRequestEngine } from './engine';
import { PullRequestStepError } from './errors';
import { PullRequestRequest } from './types';

describe('createPullRequestEngine', () => {
  let server: GithubServer;
  let engine: PullRequestEngine;
  let repo: string;
  const makeEngine = (retry = { initialDelayMs: 5, maxRetryTimeMs: 3000 }) =>
    engineFor(server, retry);
  const files = (n: number) =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => [
        `datastores/orders-db/file-${i}.yaml`,
        `index: ${i}\n`,
      ]),
    );
  const request = (
    overrides: Partial<PullRequestRequest> = {},
  ): PullRequestRequest => ({
    repo,
    baseBranch: 'main',
    branch: 'datastores/orders-db',
    files: files(2),
    title: 'Provision orders-db',
    body: 'Body <!-- datastores: {} -->',
    ...overrides,
  });
  const engineCommits = () =>
    server
      .commits('acme', 'infra', 'datastores/orders-db')
      .filter(c => c.message.includes('Datastores-Pull-Request-Engine'));

  beforeAll(async () => {
    server = await startGithubServer();
    repo = `${server.url}/acme/infra`;
  });
  afterAll(() => server.close());
  afterEach(() => {
    // Every document the engine sent is one GitHub itself would accept.
    assertPublishedSchema(server);
  });
  beforeEach(() => {
    server.reset();
    server.seedRepo({
      owner: 'acme',
      name: 'infra',
      files: {
        'README.md': '# infra\n',
        'datastores/orders-db/file-0.yaml': 'old\n',
      },
      labels: ['datastores'],
    });
    engine = makeEngine();
  });

  it('opens one pull request whose branch holds exactly the base files plus the requested ones', async () => {
    const result = await engine.openPullRequest(
      request({
        labels: ['datastores', 'new-label'],
        reviewers: ['alice'],
        teamReviewers: ['dba', 'other-org/platform'],
        draft: true,
      }),
    );
    expect(result).toMatchObject({
      branch: 'datastores/orders-db',
      created: true,
      committed: true,
      url: expect.stringMatching(/\/acme\/infra\/pull\/\d+$/),
    });
    expect(result.headSha).toBe(
      server.branchSha('acme', 'infra', 'datastores/orders-db'),
    );
    expect(server.files('acme', 'infra', 'datastores/orders-db')).toEqual({
      'README.md': '# infra\n',
      'datastores/orders-db/file-0.yaml': 'index: 0\n',
      'datastores/orders-db/file-1.yaml': 'index: 1\n',
    });
    const [pr] = server.pullRequests('acme', 'infra');
    expect(pr).toMatchObject({
      number: result.number,
      title: 'Provision orders-db',
      body: 'Body <!-- datastores: {} -->',
      base: 'main',
      draft: true,
      labels: ['datastores', 'new-label'],
      reviewers: ['alice'],
      teamReviewers: ['dba', 'platform'],
    });
    // State read; the new label, branch, commit and PR in one mutation; labels and reviewers.
    expect(server.calls.map(c => c.graphql?.name ?? c.route)).toEqual([
      'DatastoresPullRequestState',
      'DatastoresApplyPullRequest',
      'DatastoresDecoratePullRequest',
    ]);
    expect(result.calls).toBe(3);
    expect(
      server.state.repo('acme', 'infra')!.labels.get('new-label'),
    ).toMatchObject({
      name: 'new-label',
      color: 'ededed',
    });
  });

  it('deletes the files asked null that exist, in the same commit as the others, and skips those that do not', async () => {
    const result = await engine.openPullRequest(
      request({
        files: {
          'datastores/orders-db/file-0.yaml': null,
          'datastores/orders-db/never-existed.yaml': null,
          'datastores/orders-db/file-1.yaml': 'index: 1\n',
        },
      }),
    );
    expect(result).toMatchObject({ created: true, committed: true });
    expect(server.files('acme', 'infra', 'datastores/orders-db')).toEqual({
      'README.md': '# infra\n',
      'datastores/orders-db/file-1.yaml': 'index: 1\n',
    });
    expect(engineCommits()).toHaveLength(1);
    // Run again: the branch already holds the request, nothing is committed.
    const again = await engine.openPullRequest(
      request({
        files: {
          'datastores/orders-db/file-0.yaml': null,
          'datastores/orders-db/never-existed.yaml': null,
          'datastores/orders-db/file-1.yaml': 'index: 1\n',
        },
      }),
    );
    expect(again).toMatchObject({ created: false, committed: false });
  });

  it('refuses a removal of files the base does not hold: there is nothing to propose', async () => {
    await expect(
      engine.openPullRequest(
        request({ files: { 'datastores/orders-db/gone.yaml': null } }),
      ),
    ).rejects.toThrow(/already holds these files: there is nothing to propose/);
  });

  it('makes the same number of calls for 1, 4 and 16 files', async () => {
    const counts: number[] = [];
    for (const n of [1, 4, 16]) {
      const result = await engine.openPullRequest(
        request({
          branch: `b-${n}`,
          files: files(n),
          labels: ['datastores'],
          reviewers: ['alice'],
        }),
      );
      expect(Object.keys(server.files('acme', 'infra', `b-${n}`))).toHaveLength(
        n + 1,
      );
      counts.push(result.calls);
    }
    expect(counts).toEqual([3, 3, 3]);
    const plain = await engine.openPullRequest(
      request({ branch: 'plain', files: files(16) }),
    );
    expect(plain.calls).toBe(2);
  });

  it('is idempotent: three runs give one pull request and one commit', async () => {
    const first = await engine.openPullRequest(
      request({ labels: ['datastores'] }),
    );
    const second = await engine.openPullRequest(
      request({ labels: ['datastores'] }),
    );
    const third = await engine.openPullRequest(
      request({ labels: ['datastores'] }),
    );
    expect(first).toMatchObject({ created: true, committed: true });
    for (const again of [second, third]) {
      expect(again).toMatchObject({
        created: false,
        committed: false,
        url: first.url,
        number: first.number,
        headSha: first.headSha,
        calls: 1,
      });
    }
    expect(server.pullRequests('acme', 'infra')).toHaveLength(1);
    expect(engineCommits()).toHaveLength(1);
  });

  it('commits on top when the request changes, without a new pull request or a force-push', async () => {
    const first = await engine.openPullRequest(request());
    const changed = await engine.openPullRequest(
      request({
        files: { ...files(2), 'datastores/orders-db/file-1.yaml': 'changed\n' },
        title: 'New title',
      }),
    );
    expect(changed).toMatchObject({
      created: false,
      committed: true,
      number: first.number,
    });
    const commits = server.commits('acme', 'infra', 'datastores/orders-db');
    expect(commits[0].parents).toEqual([first.headSha]);
    expect(engineCommits()).toHaveLength(2);
    expect(
      server.files('acme', 'infra', 'datastores/orders-db')[
        'datastores/orders-db/file-1.yaml'
      ],
    ).toBe('changed\n');
    expect(server.pullRequests('acme', 'infra')).toHaveLength(1);
    expect(server.pullRequests('acme', 'infra')[0].title).toBe('New title');
  });

  it('keeps a foreign commit that touches other files', async () => {
    await engine.openPullRequest(request());
    const foreign = server.pushCommit({
      owner: 'acme',
      repo: 'infra',
      branch: 'datastores/orders-db',
      files: { 'docs/notes.md': 'reviewer notes\n' },
    });
    const again = await engine.openPullRequest(request());
    expect(again).toMatchObject({
      created: false,
      committed: false,
      headSha: foreign,
    });
    const changed = await engine.openPullRequest(
      request({
        files: { ...files(2), 'datastores/orders-db/file-0.yaml': 'v2\n' },
      }),
    );
    expect(changed.committed).toBe(true);
    const tree = server.files('acme', 'infra', 'datastores/orders-db');
    expect(tree['docs/notes.md']).toBe('reviewer notes\n');
    expect(tree['datastores/orders-db/file-0.yaml']).toBe('v2\n');
    expect(
      server.commits('acme', 'infra', 'datastores/orders-db').map(c => c.sha),
    ).toContain(foreign);
  });

  it('refuses to overwrite a file someone else changed on the branch, naming it', async () => {
    await engine.openPullRequest(request());
    server.pushCommit({
      owner: 'acme',
      repo: 'infra',
      branch: 'datastores/orders-db',
      files: { 'datastores/orders-db/file-1.yaml': 'hand-tuned\n' },
    });
    const before = server.branchSha('acme', 'infra', 'datastores/orders-db');
    await expect(engine.openPullRequest(request())).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('"datastores/orders-db/file-1.yaml"'),
    });
    expect(server.branchSha('acme', 'infra', 'datastores/orders-db')).toBe(
      before,
    );
    // the same content as theirs is no conflict
    const same = await engine.openPullRequest(
      request({
        files: {
          ...files(2),
          'datastores/orders-db/file-1.yaml': 'hand-tuned\n',
        },
      }),
    );
    expect(same.committed).toBe(false);
  });

  it('recovers from 502s', async () => {
    server.fault({
      match: 'graphql DatastoresPullRequestState',
      status: 502,
      times: 2,
    });
    server.fault({ match: 'mutation', status: 503, times: 1 });
    const result = await engine.openPullRequest(request());
    expect(result.created).toBe(true);
    expect(server.pullRequests('acme', 'infra')).toHaveLength(1);
    // Octokit retries the failed call alone: the read is not repeated after the 503.
    expect(server.calls.map(c => c.status)).toEqual([502, 502, 200, 503, 200]);
    expect(result.calls).toBe(5);
  });

  it('waits for retry-after on a secondary rate limit (403 and 429)', async () => {
    server.fault({ match: 'mutation', status: 403, retryAfter: 1 });
    server.fault({
      match: 'graphql DatastoresPullRequestState',
      status: 429,
      retryAfter: 0.2,
    });
    const start = Date.now();
    const result = await engine.openPullRequest(request());
    expect(Date.now() - start).toBeGreaterThanOrEqual(1000);
    expect(result.created).toBe(true);
    expect(server.pullRequests('acme', 'infra')).toHaveLength(1);
  });

  it('waits for x-ratelimit-reset on a primary rate limit: HTTP 403 and GraphQL RATE_LIMITED', async () => {
    // GitHub's reset is in whole epoch seconds, so each wait is up to 2 s of real time: a budget
    // well past two of them, so a loaded machine's slow first call does not exhaust it.
    engine = makeEngine({ initialDelayMs: 5, maxRetryTimeMs: 15_000 });
    server.fault({
      match: 'graphql DatastoresPullRequestState',
      status: 200,
      rateLimitResetInSeconds: 0,
    });
    server.fault({
      match: 'mutation',
      status: 403,
      rateLimitResetInSeconds: 0,
    });
    const result = await engine.openPullRequest(request());
    expect(result.created).toBe(true);
    expect(server.pullRequests('acme', 'infra')).toHaveLength(1);
    // Each limited call once more, after the reset: nothing else repeated.
    expect(server.calls.map(c => c.status)).toEqual([200, 200, 403, 200]);
    expect(result.calls).toBe(4);
  }, 20_000);

  it('gives up on a rate limit whose reset is past the budget, and says so', async () => {
    engine = makeEngine({ initialDelayMs: 5, maxRetryTimeMs: 500 });
    server.fault({
      match: 'graphql DatastoresPullRequestState',
      status: 403,
      rateLimitResetInSeconds: 3600,
    });
    const error = await engine.openPullRequest(request()).catch(e => e);
    expect(error).toBeInstanceOf(PullRequestStepError);
    expect(error.message).toMatch(
      /read the repository state failed \(gave up after 1 attempt\(s\) in \d+ ms: waiting \d+ ms more would exceed the 500 ms retry budget\): 403 API rate limit exceeded for user ID 1\./,
    );
    expect(server.calls).toHaveLength(1);
  });

  it('gives up within the budget and says which step failed and what exists', async () => {
    engine = makeEngine({ initialDelayMs: 20, maxRetryTimeMs: 200 });
    server.fault({ match: 'mutation', status: 502, times: 1000 });
    const error = await engine.openPullRequest(request()).catch(e => e);
    expect(error).toBeInstanceOf(PullRequestStepError);
    expect(error.message).toMatch(
      /^GitHub acme\/infra: create the branch, commit 2 file\(s\), open the pull request failed \(gave up after 3 attempts, all that the 200 ms retry budget allows\): 502 Server Error\. State: branch "datastores\/orders-db" not created; no pull request open$/,
    );

    server.clearFaults();
    server.fault({
      match: 'DatastoresDecoratePullRequest',
      status: 403,
      retryAfter: 60,
      times: 10,
    });
    const late = await engine
      .openPullRequest(request({ reviewers: ['alice'] }))
      .catch(e => e);
    const pr = server.pullRequests('acme', 'infra')[0];
    expect(late.message).toContain('add labels and request reviews failed');
    expect(late.message).toContain(
      '60000 ms more would exceed the 200 ms retry budget',
    );
    expect(late.message).toContain(`branch "datastores/orders-db" exists at`);
    expect(late.message).toContain(
      `pull request ${server.url}/acme/infra/pull/${pr.number}`,
    );
    expect(late.progress.commitSha).toBe(
      server.branchSha('acme', 'infra', 'datastores/orders-db'),
    );
  });

  it("reads when a pull request merged, and the check runs of its merge commit (the apply workflow's)", async () => {
    const { number } = await engine.openPullRequest(request());
    const status = () => engine.getPullRequestStatus({ repo, number });
    const open = await status();
    expect(open.mergedAt).toBeUndefined();
    expect(open.mergeCommit).toBeUndefined();

    const sha = server.mergePullRequest('acme', 'infra', number);
    server.addCheckRun('acme', 'infra', sha, {
      name: 'apply (datastores/production/orders-db)',
      status: 'completed',
      conclusion: 'success',
    });
    const merged = await status();
    expect(merged.mergedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(merged.mergeCommit).toEqual({
      sha,
      checkRuns: [
        {
          name: 'apply (datastores/production/orders-db)',
          status: 'completed',
          conclusion: 'success',
        },
      ],
    });
  });

  it('reads back the state and the combined checks of a pull request', async () => {
    const { number } = await engine.openPullRequest(request());
    const status = () => engine.getPullRequestStatus({ repo, number });
    expect(await status()).toMatchObject({
      state: 'open',
      checks: 'none',
      number,
    });
    const branch = 'datastores/orders-db';
    server.addStatus('acme', 'infra', branch, {
      context: 'ci/lint',
      state: 'success',
    });
    expect((await status()).checks).toBe('success');
    server.addCheckRun('acme', 'infra', branch, {
      name: 'plan',
      status: 'in_progress',
    });
    expect((await status()).checks).toBe('pending');
    server.addCheckRun('acme', 'infra', branch, {
      name: 'fmt',
      status: 'completed',
      conclusion: 'failure',
    });
    expect((await status()).checks).toBe('failure');
    server.setPullRequestState('acme', 'infra', number, 'closed');
    expect((await status()).state).toBe('closed');
    server.setPullRequestState('acme', 'infra', number, 'open');
    server.setPullRequestState('acme', 'infra', number, 'merged');
    expect((await status()).state).toBe('merged');
    await expect(
      engine.getPullRequestStatus({ repo, number: 999 }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  describe('re-run after the pull request was merged', () => {
    it.each([
      ['a merge commit, the branch kept', { method: 'merge' as const }],
      [
        'a squash, the branch deleted',
        { method: 'squash' as const, deleteBranch: true },
      ],
    ])(
      'is a no-op that names the merged pull request (%s)',
      async (_how, mergeOptions) => {
        const first = await engine.openPullRequest(request());
        server.mergePullRequest('acme', 'infra', first.number, mergeOptions);
        const base = server.branchSha('acme', 'infra', 'main');
        server.resetCalls();

        const again = await engine.openPullRequest(request());

        expect(again).toMatchObject({
          alreadyMerged: true,
          url: first.url,
          number: first.number,
          created: false,
          committed: false,
        });
        expect(server.pullRequests('acme', 'infra')).toHaveLength(1);
        expect(server.branchSha('acme', 'infra', 'main')).toBe(base);
        expect(server.calls.map(c => c.graphql?.type)).toEqual(['query']);
      },
    );

    it('opens a new pull request from a fresh branch when the request changed', async () => {
      const first = await engine.openPullRequest(request());
      const base = server.mergePullRequest('acme', 'infra', first.number);

      const changed = {
        ...files(2),
        'datastores/orders-db/file-1.yaml': 'index: 1, changed\n',
      };
      const again = await engine.openPullRequest(request({ files: changed }));

      expect(again).toMatchObject({ created: true, committed: true });
      expect(again.number).not.toBe(first.number);
      const open = server
        .pullRequests('acme', 'infra')
        .filter(p => p.state === 'open');
      expect(open.map(p => p.number)).toEqual([again.number]);
      // The branch starts at the base: one new commit on it, changing only what changed.
      const [head, parent] = server.commits(
        'acme',
        'infra',
        'datastores/orders-db',
      );
      expect(parent.sha).toBe(base);
      expect(head.parents).toEqual([base]);
      expect(server.files('acme', 'infra', 'datastores/orders-db')).toEqual({
        ...server.files('acme', 'infra', 'main'),
        'datastores/orders-db/file-1.yaml': 'index: 1, changed\n',
      });
    });

    it('keeps committing on a branch someone moved after the merge', async () => {
      const first = await engine.openPullRequest(request());
      server.mergePullRequest('acme', 'infra', first.number);
      const foreign = server.pushCommit({
        owner: 'acme',
        repo: 'infra',
        branch: 'datastores/orders-db',
        files: { 'notes.md': 'kept\n' },
      });

      const again = await engine.openPullRequest(
        request({ files: { ...files(2), 'extra.yaml': 'x: 1\n' } }),
      );

      expect(again.created).toBe(true);
      const [, parent] = server.commits(
        'acme',
        'infra',
        'datastores/orders-db',
      );
      expect(parent.sha).toBe(foreign);
    });
  });

  it('says clearly when no integration covers the repository host', async () => {
    await expect(
      engine.openPullRequest(
        request({ repo: 'https://ghe.example.com/acme/infra' }),
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining(
        'No GitHub integration covers host "ghe.example.com"',
      ),
    });
    await expect(
      engine.openPullRequest(request({ repo: 'not a repo' })),
    ).rejects.toMatchObject({
      name: 'InputError',
    });
    expect(server.calls).toHaveLength(0);
  });
});
