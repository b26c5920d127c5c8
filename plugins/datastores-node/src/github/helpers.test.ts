import { combineChecks } from './checks';
import { gitBlobSha, planPullRequest } from './plan';
import { parseRepoCoordinates } from './repoCoordinates';
import { backoffDelay, retriesWithin, retryDelay } from './retry';
import { GithubApiError } from './errors';
import { RepoSnapshot } from './stateQuery';

describe('pure helpers', () => {
  it('parses repositories in every accepted form', () => {
    const expected = { host: 'github.com', owner: 'o', name: 'r' };
    expect(parseRepoCoordinates('o/r')).toEqual(expected);
    expect(parseRepoCoordinates('https://github.com/o/r.git')).toEqual(
      expected,
    );
    expect(parseRepoCoordinates('github.com/o/r')).toEqual(expected);
    expect(parseRepoCoordinates('github.com?owner=o&repo=r')).toEqual(expected);
    expect(parseRepoCoordinates('http://127.0.0.1:7/o/r').host).toBe(
      '127.0.0.1:7',
    );
    expect(() => parseRepoCoordinates('o')).toThrow('Invalid repository');
  });

  it('computes git blob ids', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha('hello\n')).toBe(
      'ce013625030ba8dba906f756967f9e9ca394464a',
    );
  });

  it('combines check runs and statuses', () => {
    expect(combineChecks([])).toBe('none');
    expect(
      combineChecks([
        { kind: 'status', state: 'SUCCESS' },
        { kind: 'checkRun', status: 'COMPLETED', conclusion: 'SKIPPED' },
      ]),
    ).toBe('success');
    expect(
      combineChecks([
        { kind: 'status', state: 'SUCCESS' },
        { kind: 'checkRun', status: 'QUEUED' },
      ]),
    ).toBe('pending');
    expect(
      combineChecks([
        { kind: 'checkRun', status: 'QUEUED' },
        { kind: 'status', state: 'ERROR' },
      ]),
    ).toBe('failure');
    expect(
      combineChecks([
        { kind: 'checkRun', status: 'COMPLETED', conclusion: 'TIMED_OUT' },
      ]),
    ).toBe('failure');
  });

  it('backs off exponentially and honours retry-after', () => {
    expect(
      [1, 2, 3, 10].map(a =>
        backoffDelay(a, { initialDelayMs: 100, maxDelayMs: 1000 }),
      ),
    ).toEqual([100, 200, 400, 1000]);
    expect(retryDelay(new GithubApiError('x', 403, true, 2000), 1)).toBe(2000);
    expect(retryDelay(new GithubApiError('x', 422, false), 1)).toBeUndefined();
    expect(retryDelay(new Error('x'), 1)).toBeUndefined();
  });

  it("counts the retries of Octokit's backoff (n² × base) that fit the budget", () => {
    // 20 + 80 = 100 ms fit 200 ms; a third retry (180 ms more) would not.
    expect(retriesWithin(200, 20, 8)).toBe(2);
    expect(retriesWithin(60_000, 500, 8)).toBe(6);
    expect(retriesWithin(60_000, 500, 3)).toBe(2);
    expect(retriesWithin(10, 500, 8)).toBe(0);
  });

  it('plans only the files that differ and flags foreign edits', () => {
    const snapshot: RepoSnapshot = {
      repositoryId: 'R',
      nameWithOwner: 'o/r',
      baseBranch: 'main',
      baseOid: 'base',
      head: { id: 'REF_head', oid: 'head' },
      files: [
        { path: 'same', baseHistory: [], headOid: gitBlobSha('s') },
        {
          path: 'ours',
          baseHistory: [],
          headOid: 'old',
          headLastCommit: {
            oid: 'c1',
            message: 'x\n\nDatastores-Pull-Request-Engine: v1',
          },
        },
        {
          path: 'theirs',
          baseHistory: [],
          headOid: 'edited',
          headLastCommit: { oid: 'c2', message: 'tweak' },
        },
      ],
      labelIds: {},
      userIds: {},
      teamIds: {},
    };
    const request = {
      repo: 'o/r',
      branch: 'b',
      title: 't',
      files: { same: 's', ours: 'new', theirs: 't' },
    };
    expect(() => planPullRequest(request, snapshot)).toThrow('"theirs"');
    const plan = planPullRequest(request, {
      ...snapshot,
      files: snapshot.files.slice(0, 2),
    });
    expect(plan).toMatchObject({
      createBranch: false,
      createPullRequest: true,
      expectedHeadOid: 'head',
    });
    expect(plan.additions.map(a => a.path)).toEqual(['ours']);
  });
});
