import { GithubServer, startGithubServer } from '@datastores/test-servers';
import { assertPublishedSchema } from '../../fixtures/github/publishedSchema';
import { engineFor } from '../../fixtures/github/engineFor';
import { PullRequestEngine } from './engine';

describe('getPullRequestStatuses', () => {
  let server: GithubServer;
  let engine: PullRequestEngine;
  /** Number → repository of every pull request opened for the test. */
  const opened: Array<{ repo: string; number: number }> = [];

  beforeAll(async () => {
    server = await startGithubServer();
    for (const name of ['infra-terraform', 'infra-gitops']) {
      server.seedRepo({ owner: 'acme', name, files: { 'README.md': 'x\n' } });
    }
    // 500 open pull requests, alternating between the two repositories.
    for (let i = 0; i < 500; i++) {
      const name = i % 2 ? 'infra-gitops' : 'infra-terraform';
      const pr = server.openPullRequestAs({
        owner: 'acme',
        repo: name,
        author: 'backstage-bot',
        branch: `datastores/s${i}`,
        files: { [`s${i}.yaml`]: `${i}\n` },
        title: `s${i}`,
        body: '',
      });
      opened.push({ repo: `${server.url}/acme/${name}`, number: pr.number });
    }
    engine = engineFor(server);
  });
  afterAll(() => server.close());
  beforeEach(() => server.resetCalls());
  afterEach(() => assertPublishedSchema(server));

  it.each([
    [1, 1],
    [50, 1],
    [51, 2],
    [500, 10],
  ])('reads %i pull requests in %i queries', async (count, queries) => {
    const refs = opened.slice(0, count);
    const outcomes = await engine.getPullRequestStatuses(refs);
    expect(server.calls).toHaveLength(queries);
    expect(outcomes).toHaveLength(count);
    outcomes.forEach((outcome, i) => {
      expect(outcome).toMatchObject({
        ok: true,
        status: { number: refs[i].number, state: 'open', checks: 'none' },
      });
    });
  });

  it('gives each pull request its own outcome: one missing does not hide the others', async () => {
    server.setPullRequestState(
      'acme',
      'infra-gitops',
      opened[1].number,
      'merged',
    );
    server.addCheckRun('acme', 'infra-terraform', 'datastores/s0', {
      name: 'plan',
      status: 'completed',
      conclusion: 'failure',
    });
    const outcomes = await engine.getPullRequestStatuses([
      opened[0],
      { repo: opened[0].repo, number: 9999 },
      opened[1],
    ]);
    expect(server.calls).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      ok: true,
      status: { checks: 'failure' },
    });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: expect.objectContaining({
        message: expect.stringMatching(
          /^GitHub acme\/infra-terraform: pull request #9999 not found/,
        ),
      }),
    });
    expect(outcomes[2]).toMatchObject({
      ok: true,
      status: { state: 'merged' },
    });
  });
});
