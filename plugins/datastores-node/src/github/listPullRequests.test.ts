import { GithubServer, startGithubServer } from '@datastores/test-servers';
import { engineFor } from '../../fixtures/github/engineFor';
import { assertPublishedSchema } from '../../fixtures/github/publishedSchema';

describe('listPullRequests', () => {
  let server: GithubServer;
  beforeAll(async () => {
    server = await startGithubServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    assertPublishedSchema(server);
  });

  it('lists the labelled pull requests of every state, with their bodies, in one call', async () => {
    server.seedRepo({
      owner: 'acme',
      name: 'infra',
      files: { 'README.md': 'x\n' },
      labels: ['datastores'],
    });
    const engine = engineFor(server);
    const repo = `${server.url}/acme/infra`;
    const open = (branch: string, labels: string[]) =>
      engine.openPullRequest({
        repo,
        branch,
        files: { [`${branch}.txt`]: 'x\n' },
        title: branch,
        body: `body of ${branch}`,
        labels,
      });
    const a = await open('datastores/a', ['datastores']);
    const b = await open('datastores/b', ['datastores']);
    await open('other', []);
    server.setPullRequestState('acme', 'infra', b.number, 'merged');

    server.resetCalls();
    const listed = await engine.listPullRequests({ repo, label: 'datastores' });
    expect(server.calls).toHaveLength(1);
    expect(listed.map(p => [p.number, p.state, p.body, p.branch])).toEqual([
      [a.number, 'open', 'body of datastores/a', 'datastores/a'],
      [b.number, 'merged', 'body of datastores/b', 'datastores/b'],
    ]);
  });
});
