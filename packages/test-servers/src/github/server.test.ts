import { gitBlobSha } from './objects';
import { GithubServer, startGithubServer } from './server';

describe('startGithubServer', () => {
  let server: GithubServer;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token = 't',
  ) => {
    const res = await fetch(`${server.apiBaseUrl}${path}`, {
      method,
      headers: {
        authorization: `token ${token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };
  const gql = async (
    query: string,
    variables: Record<string, unknown> = {},
  ) => {
    const res = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: {
        authorization: 'bearer t',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  };

  beforeAll(async () => {
    server = await startGithubServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.reset();
    server.seedRepo({ owner: 'o', name: 'r', files: { 'README.md': 'hi\n' } });
  });

  it('lists a tree as GitHub does: the top level, or every entry when recursive', async () => {
    server.pushCommit({
      owner: 'o',
      repo: 'r',
      branch: 'main',
      files: { 'catalog/ns/a.yaml': 'a\n' },
    });
    const top = await call('GET', '/repos/o/r/git/trees/main');
    expect(top.body.tree.map((e: any) => [e.path, e.type])).toEqual([
      ['README.md', 'blob'],
      ['catalog', 'tree'],
    ]);
    const all = await call('GET', '/repos/o/r/git/trees/main?recursive=1');
    expect(all.body.tree.map((e: any) => [e.path, e.type])).toEqual([
      ['README.md', 'blob'],
      ['catalog', 'tree'],
      ['catalog/ns', 'tree'],
      ['catalog/ns/a.yaml', 'blob'],
    ]);
    // Each blob links to itself, and the combined status names the repository's URL templates.
    const blob = all.body.tree.find((e: any) => e.path === 'catalog/ns/a.yaml');
    const content = await fetch(blob.url, {
      headers: { authorization: 'token t' },
    }).then(r => r.json());
    expect(Buffer.from(content.content, 'base64').toString()).toBe('a\n');
    const status = await call('GET', '/repos/o/r/commits/main/status');
    expect(status.body.repository.trees_url).toBe(
      `${server.apiBaseUrl}/repos/o/r/git/trees{/sha}`,
    );
  });

  it('requires an authorization header', async () => {
    const res = await fetch(`${server.apiBaseUrl}/repos/o/r`);
    expect(res.status).toBe(401);
  });

  it('builds commits from blobs and trees and moves refs by fast-forward only', async () => {
    const base = (await call('GET', '/repos/o/r/git/ref/heads/main')).body
      .object.sha;
    const blob = await call('POST', '/repos/o/r/git/blobs', {
      content: Buffer.from('a').toString('base64'),
      encoding: 'base64',
    });
    expect(blob.body.sha).toBe(gitBlobSha('a'));
    const baseTree = (await call('GET', `/repos/o/r/git/commits/${base}`)).body
      .tree.sha;
    const tree = await call('POST', '/repos/o/r/git/trees', {
      base_tree: baseTree,
      tree: [
        { path: 'x/a.txt', mode: '100644', type: 'blob', sha: blob.body.sha },
        { path: 'x/b.txt', mode: '100644', type: 'blob', content: 'b' },
      ],
    });
    const commit = await call('POST', '/repos/o/r/git/commits', {
      message: 'm',
      tree: tree.body.sha,
      parents: [base],
    });
    expect(commit.status).toBe(201);
    expect(
      (
        await call('POST', '/repos/o/r/git/refs', {
          ref: 'refs/heads/f',
          sha: commit.body.sha,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/repos/o/r/git/refs', {
          ref: 'refs/heads/f',
          sha: base,
        })
      ).status,
    ).toBe(422);
    expect(server.files('o', 'r', 'f')).toEqual({
      'README.md': 'hi\n',
      'x/a.txt': 'a',
      'x/b.txt': 'b',
    });

    const backwards = await call('PATCH', '/repos/o/r/git/refs/heads/f', {
      sha: base,
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body.message).toBe('Update is not a fast forward');
    expect(
      (
        await call('PATCH', '/repos/o/r/git/refs/heads/f', {
          sha: base,
          force: true,
        })
      ).status,
    ).toBe(200);

    const contents = await call(
      'GET',
      '/repos/o/r/contents/README.md?ref=main',
    );
    expect(Buffer.from(contents.body.content, 'base64').toString()).toBe(
      'hi\n',
    );
  });

  it("answers a file raw for the raw media type, as Backstage's URL reader asks", async () => {
    for (const accept of [
      'application/vnd.github.v3.raw',
      'application/vnd.github.raw+json',
    ]) {
      const res = await fetch(
        `${server.apiBaseUrl}/repos/o/r/contents/README.md?ref=main`,
        { headers: { authorization: 'bearer t', accept } },
      );
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('hi\n');
      expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
    }
  });

  it('creates pull requests once per branch and lists them by head', async () => {
    server.pushCommit({
      owner: 'o',
      repo: 'r',
      branch: 'f',
      files: { 'a.txt': 'a' },
    });
    const created = await call('POST', '/repos/o/r/pulls', {
      title: 't',
      head: 'f',
      base: 'main',
    });
    expect(created.status).toBe(201);
    const again = await call('POST', '/repos/o/r/pulls', {
      title: 't',
      head: 'o:f',
      base: 'main',
    });
    expect(again.status).toBe(422);
    expect(again.body.errors[0].message).toBe(
      'A pull request already exists for o:f.',
    );
    const listed = await call('GET', '/repos/o/r/pulls?head=o:f&state=open');
    expect(listed.body.map((p: any) => p.number)).toEqual([
      created.body.number,
    ]);
    const reviewers = await call(
      'POST',
      `/repos/o/r/pulls/${created.body.number}/requested_reviewers`,
      {
        reviewers: ['alice'],
        team_reviewers: ['dba'],
      },
    );
    expect(reviewers.body.requested_reviewers[0].login).toBe('alice');
    const labels = await call(
      'POST',
      `/repos/o/r/issues/${created.body.number}/labels`,
      { labels: ['db'] },
    );
    expect(labels.body.map((l: any) => l.name)).toEqual(['db']);
  });

  it('paginates with Link headers', async () => {
    for (let i = 0; i < 5; i++) {
      server.pushCommit({
        owner: 'o',
        repo: 'r',
        branch: 'main',
        files: { [`f${i}`]: String(i) },
      });
    }
    const page1 = await call('GET', '/repos/o/r/commits?sha=main&per_page=2');
    expect(page1.body).toHaveLength(2);
    expect(page1.headers.get('link')).toContain('rel="next"');
    expect(page1.headers.get('link')).toContain('page=3>; rel="last"');
  });

  it('injects faults and latency and logs calls', async () => {
    server.fault({ match: 'GET /repos/o/r', status: 502, times: 2 });
    server.fault({ match: 'graphql', status: 403, retryAfter: 1 });
    expect((await call('GET', '/repos/o/r')).status).toBe(502);
    expect((await call('GET', '/repos/o/r')).status).toBe(502);
    expect((await call('GET', '/repos/o/r')).status).toBe(200);
    const limited = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { authorization: 'bearer t' },
      body: JSON.stringify({ query: 'query Q { viewer { login } }' }),
    });
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(server.calls.map(c => c.route)).toEqual([
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}',
      'GET /repos/{owner}/{repo}',
      'graphql',
    ]);
    expect(server.calls[3].graphql).toEqual({
      type: 'query',
      name: 'Q',
      fields: ['viewer'],
    });

    server.setLatency(30);
    const start = Date.now();
    await call('GET', '/repos/o/r');
    expect(Date.now() - start).toBeGreaterThanOrEqual(25);
    server.setLatency(0);
  });

  it('creates the branch, the commit and the pull request in one GraphQL request', async () => {
    const state = await gql(
      `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
         id ref(qualifiedName: "refs/heads/main") { target { oid } } } }`,
      { owner: 'o', name: 'r' },
    );
    const repositoryId = state.data.repository.id;
    const base = state.data.repository.ref.target.oid;
    const result = await gql(
      `mutation($repositoryId: ID!, $base: GitObjectID!, $contents: Base64String!) {
        createRef(input: { repositoryId: $repositoryId, name: "refs/heads/f", oid: $base }) { ref { name } }
        createCommitOnBranch(input: {
          branch: { repositoryNameWithOwner: "o/r", branchName: "f" }, expectedHeadOid: $base,
          message: { headline: "add", body: "trailer" },
          fileChanges: { additions: [{ path: "a/b.txt", contents: $contents }] } }) { commit { oid } }
        createPullRequest(input: { repositoryId: $repositoryId, baseRefName: "main", headRefName: "f", title: "t" }) {
          pullRequest { number url state } }
      }`,
      { repositoryId, base, contents: Buffer.from('B').toString('base64') },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.createPullRequest.pullRequest.state).toBe('OPEN');
    expect(server.files('o', 'r', 'f')['a/b.txt']).toBe('B');

    const q = await gql(
      `{ repository(owner: "o", name: "r") { ref(qualifiedName: "f") { target { ... on Commit {
          file(path: "a/b.txt") { oid } history(first: 1, path: "README.md") { nodes { message } } } }
          associatedPullRequests(first: 1, states: OPEN) { nodes { number } } } } }`,
    );
    expect(q.data.repository.ref.target.file.oid).toBe(gitBlobSha('B'));
    expect(q.data.repository.ref.target.history.nodes[0].message).toBe(
      'Initial commit',
    );
    expect(q.data.repository.ref.associatedPullRequests.nodes).toHaveLength(1);

    const stale = await gql(
      `mutation($base: GitObjectID!) { createCommitOnBranch(input: {
          branch: { repositoryNameWithOwner: "o/r", branchName: "f" }, expectedHeadOid: $base,
          message: { headline: "x" } }) { commit { oid } } }`,
      { base },
    );
    expect(stale.errors[0].type).toBe('STALE_DATA');
  });
});
