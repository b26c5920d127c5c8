import { createSign, generateKeyPairSync } from 'node:crypto';
import { GithubServer, startGithubServer } from './server';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** A JWT as an app signs it (RS256), with claims relative to now, in seconds. */
function jwt(claims: { iss?: unknown; iat?: number; exp?: number }) {
  const now = Math.floor(Date.now() / 1000);
  const encode = (o: object) =>
    Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
    iss: claims.iss ?? 99,
    iat: now + (claims.iat ?? -30),
    exp: now + (claims.exp ?? 540),
  })}`;
  const signature = createSign('RSA-SHA256').update(body).sign(privateKey);
  return `${body}.${signature.toString('base64url')}`;
}

describe('GitHub Apps on the stand-in', () => {
  let server: GithubServer;
  const call = async (method: string, path: string, token: string) => {
    const res = await fetch(`${server.apiBaseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };

  beforeAll(async () => {
    server = await startGithubServer({
      tokens: ['pat'],
      apps: [
        {
          appId: 99,
          slug: 'app',
          publicKey,
          installations: Array.from({ length: 3 }, (_, i) => ({
            id: i + 1,
            account: `org-${i + 1}`,
            repositories: i === 0 ? ['one'] : undefined,
          })),
        },
      ],
    });
    server.seedRepo({ owner: 'org-1', name: 'one' });
    server.seedRepo({ owner: 'org-1', name: 'two' });
  });
  afterAll(() => server.close());

  it('lists installations for a valid JWT, a page at a time', async () => {
    const first = await call('GET', '/app/installations?per_page=2', jwt({}));
    expect(first.status).toBe(200);
    expect(first.body.map((i: any) => i.account.login)).toEqual([
      'org-1',
      'org-2',
    ]);
    expect(first.headers.get('link')).toMatch(/page=2.*rel="next"/);
    const second = await call(
      'GET',
      '/app/installations?per_page=2&page=2',
      jwt({}),
    );
    expect(second.body.map((i: any) => i.id)).toEqual([3]);
    expect(second.headers.get('link')).toBeNull();
  });

  it.each([
    ['an expired JWT', { exp: -1 }, /'Expiration time' claim/],
    [
      'a JWT that lives over 10 minutes',
      { exp: 3600 },
      /too far in the future/,
    ],
    ['another app id', { iss: 7 }, /'Issuer' claim/],
  ])('refuses %s', async (_what, claims, message) => {
    const res = await call('GET', '/app/installations', jwt(claims));
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(message);
  });

  it('refuses a token or a tampered JWT on the app endpoints', async () => {
    expect((await call('GET', '/app/installations', 'pat')).status).toBe(401);
    const tampered = jwt({}).replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
    expect((await call('GET', '/app/installations', tampered)).status).toBe(
      401,
    );
  });

  it('issues installation tokens that see their repositories until they expire', async () => {
    const created = await call(
      'POST',
      '/app/installations/1/access_tokens',
      jwt({}),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      token: expect.stringMatching(/^ghs_/),
      expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      repository_selection: 'selected',
    });
    const token = created.body.token;
    const repos = await call('GET', '/installation/repositories', token);
    expect(repos.body.repositories.map((r: any) => r.full_name)).toEqual([
      'org-1/one',
    ]);
    expect((await call('GET', '/repos/org-1/one', token)).status).toBe(200);
    // Not given to the installation: as if it did not exist.
    expect((await call('GET', '/repos/org-1/two', token)).status).toBe(404);

    server.apps.expireTokens();
    expect((await call('GET', '/repos/org-1/one', token)).status).toBe(401);
  });
});
