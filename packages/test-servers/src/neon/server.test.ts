import { NeonStandIn, startNeonStandIn } from './server';

const auth = { authorization: 'Bearer neon-key' };

describe('Neon stand-in', () => {
  let neon: NeonStandIn;
  beforeEach(async () => {
    neon = await startNeonStandIn({
      apiKeys: ['neon-key'],
      projects: [
        {
          id: 'shiny-wind-028834',
          name: 'orders-main-production',
          history_retention_seconds: 604800,
          org_id: 'org-morning-bread-81040908',
          branches: [
            {
              id: 'br-dev-1',
              name: 'dev',
              default: false,
              current_state: 'init',
            },
            {
              id: 'br-aged-salad-637688',
              name: 'main',
              default: true,
              current_state: 'ready',
            },
          ],
        },
        { id: 'winter-boat-259881', name: 'orders-main-staging' },
        { id: 'cold-lake-123456', name: 'billing-main-production' },
      ],
    });
  });
  afterEach(() => neon.close());

  const get = (path: string, headers: Record<string, string> = auth) =>
    fetch(`${neon.baseUrl}${path}`, { headers });

  it('requires a bearer API key, answering 401 with a GeneralError body', async () => {
    const none = await get('/projects', {});
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      code: '',
      message: 'authentication required',
    });
    expect(
      (await get('/projects', { authorization: 'Bearer other' })).status,
    ).toBe(401);
    expect(neon.calls.map(c => c.status)).toEqual([401, 401]);
  });

  it('searches projects by partial name and org_id', async () => {
    const body = await get('/projects?search=orders-main').then(r => r.json());
    expect(body.projects.map((p: any) => p.name)).toEqual([
      'orders-main-production',
      'orders-main-staging',
    ]);
    expect(body.projects[0]).toMatchObject({
      id: 'shiny-wind-028834',
      platform_id: 'aws',
      pg_version: 17,
    });
    expect(body.pagination).toEqual({ cursor: 'winter-boat-259881' });
    const org = await get(
      '/projects?search=orders&org_id=org-morning-bread-81040908',
    ).then(r => r.json());
    expect(org.projects.map((p: any) => p.id)).toEqual(['shiny-wind-028834']);
    expect(neon.calls[0]).toMatchObject({
      method: 'GET',
      path: '/api/v2/projects',
      query: { search: 'orders-main' },
      status: 200,
      authorization: 'Bearer neon-key',
    });
  });

  it('paginates with a cursor, 10 a page by default', async () => {
    for (let i = 0; i < 23; i++) {
      neon.upsert({ id: `p-${i}`, name: `many-${i}` });
    }
    const first = await get('/projects?search=many-').then(r => r.json());
    expect(first.projects).toHaveLength(10);
    const second = await get(
      `/projects?search=many-&cursor=${first.pagination.cursor}`,
    ).then(r => r.json());
    expect(second.projects[0].name).toBe('many-10');
    const third = await get(
      `/projects?search=many-&limit=10&cursor=${second.pagination.cursor}`,
    ).then(r => r.json());
    expect(third.projects.map((p: any) => p.name)).toEqual([
      'many-20',
      'many-21',
      'many-22',
    ]);
    const beyond = await get(
      `/projects?search=many-&cursor=${third.pagination.cursor}`,
    ).then(r => r.json());
    expect(beyond).toMatchObject({ projects: [] });
    expect(beyond.pagination).toBeUndefined();
    expect((await get('/projects?limit=401')).status).toBe(400);
  });

  it('reads a project and its branches, 404 for unknown ids', async () => {
    const { project } = await get('/projects/shiny-wind-028834').then(r =>
      r.json(),
    );
    expect(project).toMatchObject({
      id: 'shiny-wind-028834',
      name: 'orders-main-production',
      history_retention_seconds: 604800,
      region_id: 'aws-eu-central-1',
    });
    const { branches } = await get('/projects/shiny-wind-028834/branches').then(
      r => r.json(),
    );
    expect(
      branches.map((b: any) => [b.name, b.default, b.current_state]),
    ).toEqual([
      ['dev', false, 'init'],
      ['main', true, 'ready'],
    ]);
    const staging = await get('/projects/winter-boat-259881').then(r =>
      r.json(),
    );
    expect(staging.project.history_retention_seconds).toBeUndefined();
    const missing = await get('/projects/nope-000000');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      code: '',
      message: 'project not found',
    });
    expect((await get('/projects/nope-000000/branches')).status).toBe(404);
    neon.remove('cold-lake-123456');
    expect((await get('/projects/cold-lake-123456')).status).toBe(404);
  });

  it('paginates branches with pagination.next', async () => {
    const page = await get('/projects/shiny-wind-028834/branches?limit=1').then(
      r => r.json(),
    );
    expect(page.branches.map((b: any) => b.name)).toEqual(['dev']);
    expect(page.pagination).toEqual({ next: '1' });
    const last = await get(
      `/projects/shiny-wind-028834/branches?limit=1&cursor=${page.pagination.next}`,
    ).then(r => r.json());
    expect(last.branches.map((b: any) => b.name)).toEqual(['main']);
    expect(last.pagination).toBeUndefined();
  });

  it('answers 429 with retry-after, and other statuses, when told', async () => {
    neon.fault({
      match: 'GET /api/v2/projects',
      status: 429,
      retryAfterSeconds: 7,
      times: 1,
    });
    const limited = await get('/projects');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({
      code: '',
      message: 'rate limit exceeded',
    });
    expect((await get('/projects')).status).toBe(200);
    neon.fault({ match: /branches$/, status: 503 });
    expect((await get('/projects/shiny-wind-028834/branches')).status).toBe(
      503,
    );
    expect((await get('/projects/shiny-wind-028834')).status).toBe(200);
  });

  it('injects latency, hangs and connection resets', async () => {
    neon.fault({ latencyMs: 100 });
    const start = Date.now();
    await get('/projects');
    expect(Date.now() - start).toBeGreaterThanOrEqual(90);
    neon.clearFaults();

    neon.fault({ hang: true });
    await expect(
      fetch(`${neon.baseUrl}/projects`, {
        headers: auth,
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(neon.calls[neon.calls.length - 1]).toMatchObject({
      status: 0,
      fault: 'hang',
    });
    neon.clearFaults();

    neon.fault({ match: 'GET /api/v2/projects/', reset: true });
    const error = await get('/projects/shiny-wind-028834').catch(e => e);
    expect(error.message).toBe('fetch failed');
    expect(error.cause?.code).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
    expect(neon.calls[neon.calls.length - 1]).toMatchObject({
      status: 0,
      fault: 'reset',
    });
    expect((await get('/projects')).status).toBe(200);
  });
});
