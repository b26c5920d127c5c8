import { GithubServer, startGithubServer } from '@datastores/test-servers';
import { assertPublishedSchema } from '../../fixtures/github/publishedSchema';
import { engineFor } from '../../fixtures/github/engineFor';
import { PullRequestEngine } from './engine';
import { PullRequestStepError } from './errors';
import { PullRequestRequest } from './types';

const REPOS = ['infra-terraform', 'infra-gitops', 'infra-three', 'infra-four'];

describe('openPullRequests: a whole request in three round trips', () => {
  let server: GithubServer;
  let engine: PullRequestEngine;

  beforeAll(async () => {
    server = await startGithubServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    for (const name of REPOS) {
      server.seedRepo({
        owner: 'acme',
        name,
        files: { 'README.md': `# ${name}\n` },
        labels: ['datastores', 'managed'],
      });
    }
    engine = engineFor(server, { initialDelayMs: 5, maxRetryTimeMs: 2000 });
  });
  afterEach(() => {
    // Every document the engine sent is one GitHub itself would accept.
    assertPublishedSchema(server);
  });

  const request = (
    repo: string,
    overrides: Partial<PullRequestRequest> = {},
  ): PullRequestRequest => ({
    repo: `${server.url}/acme/${repo}`,
    baseBranch: 'main',
    branch: 'datastores/orders-users',
    files: Object.fromEntries(
      Array.from({ length: 4 }, (_, i) => [
        `datastores/orders-users/file-${i}.yaml`,
        `${repo} ${i}\n`,
      ]),
    ),
    title: 'Provision orders/users',
    body: 'Body',
    ...overrides,
  });
  const operations = () => server.calls.map(c => c.graphql?.name ?? c.route);

  it.each([1, 2, 4])(
    'takes 2 round trips for %i repositories, 3 with labels and reviewers',
    async count => {
      const plain = await engine.openPullRequests(
        REPOS.slice(0, count).map(r => request(r)),
      );
      expect(plain.outcomes.every(o => o.ok)).toBe(true);
      expect(plain.calls).toBe(2);
      expect(operations()).toEqual([
        'DatastoresPullRequestState',
        'DatastoresApplyPullRequest',
      ]);

      server.resetCalls();
      const decorated = await engine.openPullRequests(
        REPOS.slice(0, count).map(r =>
          request(r, {
            branch: 'datastores/orders-sessions',
            labels: ['datastores', 'managed'],
            reviewers: ['alice'],
          }),
        ),
      );
      expect(decorated.outcomes.every(o => o.ok)).toBe(true);
      expect(decorated.calls).toBe(3);
      for (const name of REPOS.slice(0, count)) {
        const pr = server
          .pullRequests('acme', name)
          .find(p => p.head === 'datastores/orders-sessions')!;
        expect(pr.labels).toEqual(['datastores', 'managed']);
        expect(pr.reviewers).toEqual(['alice']);
        expect(
          Object.keys(server.files('acme', name, pr.head)).sort(),
        ).toHaveLength(5);
      }
    },
  );

  it("keeps one repository's pull request when the other's mutation fails, names which, and a re-run finishes", async () => {
    server.failMutation({
      field: 'createCommitOnBranch',
      repo: 'acme/infra-gitops',
    });
    const first = await engine.openPullRequests([
      request('infra-terraform'),
      request('infra-gitops'),
    ]);
    const [terraform, gitops] = first.outcomes;
    expect(terraform.ok).toBe(true);
    expect(server.pullRequests('acme', 'infra-terraform')).toHaveLength(1);
    expect(gitops.ok).toBe(false);
    const error = (gitops as { error: Error }).error;
    expect(error).toBeInstanceOf(PullRequestStepError);
    expect(error.message).toMatch(
      /^GitHub acme\/infra-gitops: create the branch, commit 4 file\(s\), open the pull request failed: FORBIDDEN: Resource not accessible by integration/,
    );
    expect(first.calls).toBe(2);

    // The same request again: terraform is up to date, gitops gets its files.
    const second = await engine.openPullRequests([
      request('infra-terraform'),
      request('infra-gitops'),
    ]);
    expect(second.outcomes.map(o => o.ok)).toEqual([true, true]);
    const [again, fixed] = second.outcomes.map(
      o => (o as { result: { committed: boolean; created: boolean } }).result,
    );
    expect(again).toMatchObject({ committed: false, created: false });
    expect(fixed.committed).toBe(true);
    const [gitopsPr] = server.pullRequests('acme', 'infra-gitops');
    expect(
      server.files('acme', 'infra-gitops', gitopsPr.head)[
        'datastores/orders-users/file-0.yaml'
      ],
    ).toBe('infra-gitops 0\n');
    expect(server.pullRequests('acme', 'infra-terraform')).toHaveLength(1);
  });

  it('reads and plans again only the repository whose branch moved under it', async () => {
    await engine.openPullRequests([
      request('infra-terraform'),
      request('infra-gitops'),
    ]);
    const changed = (repo: string) =>
      request(repo, {
        files: { 'datastores/orders-users/file-0.yaml': 'changed\n' },
      });
    server.resetCalls();
    server.setLatency(150);
    const running = engine.openPullRequests([
      changed('infra-terraform'),
      changed('infra-gitops'),
    ]);
    // Someone pushes to the gitops branch after our read, before our write lands (the
    // stand-in records a call, then waits its latency, then answers).
    while (!operations().includes('DatastoresApplyPullRequest')) {
      await new Promise(r => setTimeout(r, 5));
    }
    server.pushCommit({
      owner: 'acme',
      repo: 'infra-gitops',
      branch: 'datastores/orders-users',
      files: { 'notes.md': 'by hand\n' },
      author: 'alice',
    });
    const result = await running;
    server.setLatency(0);
    expect(result.outcomes.map(o => o.ok)).toEqual([true, true]);
    // Terraform's write went through; gitops alone was read and written again.
    expect(operations()).toEqual([
      'DatastoresPullRequestState',
      'DatastoresApplyPullRequest',
      'DatastoresPullRequestState',
      'DatastoresApplyPullRequest',
    ]);
    expect(server.calls[2].document).not.toContain('r1_');
    // Alice's commit is kept: ours is on top of it.
    const [gitopsPr] = server.pullRequests('acme', 'infra-gitops');
    const files = server.files('acme', 'infra-gitops', gitopsPr.head);
    expect(files['notes.md']).toBe('by hand\n');
    expect(files['datastores/orders-users/file-0.yaml']).toBe('changed\n');
  });

  it('gives each request its own outcome when one is invalid', async () => {
    const { outcomes } = await engine.openPullRequests([
      request('infra-terraform'),
      request('infra-gitops', { files: { '../escape': 'x' } }),
    ]);
    expect(outcomes[0].ok).toBe(true);
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: expect.objectContaining({
        message: 'Invalid file path "../escape"',
      }),
    });
  });
});
