import { ConfigReader } from '@backstage/config';
import { NeonStandIn, startNeonStandIn } from '@datastores/test-servers';
import { createServer } from 'node:net';
import { neonReaderFromConfig } from './NeonReader';

const KEY = 'neon-test-key';

describe('neonReaderFromConfig', () => {
  let neon: NeonStandIn;
  beforeEach(async () => {
    neon = await startNeonStandIn({
      apiKeys: [KEY],
      projects: [
        {
          id: 'shiny-wind-028834',
          name: 'orders-main-production',
          history_retention_seconds: 604800,
          org_id: 'org-morning-bread-81040908',
          branches: [
            {
              id: 'br-dev',
              name: 'dev',
              default: false,
              current_state: 'ready',
            },
            {
              id: 'br-main',
              name: 'main',
              default: true,
              current_state: 'resetting',
            },
          ],
        },
        // Matches the search partially: must not be taken for the project.
        {
          id: 'winter-boat-259881',
          name: 'orders-main-production-old',
          history_retention_seconds: 86400,
        },
      ],
    });
  });
  afterEach(() => neon.close());

  const reader = (extra: Record<string, unknown> = {}) =>
    neonReaderFromConfig(
      new ConfigReader({ apiKey: KEY, baseUrl: neon.baseUrl, ...extra }),
    )!;

  it('is off without config', () => {
    expect(neonReaderFromConfig(undefined)).toBeUndefined();
  });

  it('finds the project by exact name, with its retention and default branch state', async () => {
    await expect(
      reader({ orgId: 'org-morning-bread-81040908' }).describe(
        'orders-main-production',
      ),
    ).resolves.toEqual({
      id: 'shiny-wind-028834',
      name: 'orders-main-production',
      historyRetentionSeconds: 604800,
      defaultBranchState: 'resetting',
      defaultBranchProtected: expect.any(Boolean),
    });
    expect(neon.calls.map(c => `${c.path} ${c.status}`).sort()).toEqual([
      '/api/v2/projects 200',
      '/api/v2/projects/shiny-wind-028834 200',
      '/api/v2/projects/shiny-wind-028834/branches 200',
    ]);
    expect(neon.calls[0].query).toEqual({
      search: 'orders-main-production',
      limit: '100',
      org_id: 'org-morning-bread-81040908',
    });
    expect(neon.calls.every(c => c.authorization === `Bearer ${KEY}`)).toBe(
      true,
    );
  });

  it('leaves the retention and state out when Neon does not report them', async () => {
    neon.upsert({
      id: 'quiet-sea-111111',
      name: 'quiet-main-dev',
      branches: [
        { id: 'br-x', name: 'x', default: false, current_state: 'ready' },
      ],
    });
    await expect(reader().describe('quiet-main-dev')).resolves.toEqual({
      id: 'quiet-sea-111111',
      name: 'quiet-main-dev',
    });
  });

  it('answers undefined when no project has the exact name', async () => {
    await expect(
      reader().describe('orders-main-prod'),
    ).resolves.toBeUndefined();
    await expect(reader().describe('nothing-like-it')).resolves.toBeUndefined();
  });

  it('answers undefined when the project is deleted between the search and the reads', async () => {
    neon.fault({ match: 'GET /api/v2/projects/', status: 404 });
    await expect(
      reader().describe('orders-main-production'),
    ).resolves.toBeUndefined();
  });

  it('follows the cursor through the search results', async () => {
    for (let i = 0; i < 230; i++) {
      neon.upsert({
        id: `p-${i}`,
        name: `billing-main-production-${i}`,
        history_retention_seconds: 1,
      });
    }
    neon.upsert({
      id: 'late-star-222222',
      name: 'billing-main-production',
      history_retention_seconds: 2592000,
    });
    await expect(
      reader().describe('billing-main-production'),
    ).resolves.toMatchObject({
      id: 'late-star-222222',
      historyRetentionSeconds: 2592000,
      defaultBranchState: 'ready',
    });
    const searches = neon.calls.filter(c => c.path === '/api/v2/projects');
    expect(searches.map(c => c.query.cursor)).toEqual([
      undefined,
      'p-99',
      'p-199',
    ]);
  });

  it('stops after 5 pages and says so rather than "not found"', async () => {
    for (let i = 0; i < 520; i++) {
      neon.upsert({ id: `p-${i}`, name: `busy-${i}` });
    }
    await expect(reader().describe('busy-')).rejects.toThrow(
      'Neon has more than 500 projects matching "busy-"; the reader stops after 5 pages',
    );
    expect(neon.calls).toHaveLength(5);
  });

  it('refuses to pick between two projects with the same name', async () => {
    neon.upsert({ id: 'twin-aaaaaa', name: 'orders-main-production' });
    await expect(reader().describe('orders-main-production')).rejects.toThrow(
      'Neon has 2 projects named "orders-main-production" (shiny-wind-028834, twin-aaaaaa)',
    );
  });

  it('follows branch pages to the default branch', async () => {
    await neon.close();
    neon = await startNeonStandIn({
      branchPageSize: 1,
      projects: [
        {
          id: 'paged-000001',
          name: 'paged',
          history_retention_seconds: 604800,
          branches: [
            { id: 'b1', name: 'a', default: false, current_state: 'ready' },
            { id: 'b2', name: 'b', default: false, current_state: 'ready' },
            { id: 'b3', name: 'main', default: true, current_state: 'init' },
          ],
        },
      ],
    });
    await expect(reader().describe('paged')).resolves.toMatchObject({
      defaultBranchState: 'init',
    });
    expect(
      neon.calls.filter(c => c.path.endsWith('/branches')).map(c => c.query),
    ).toEqual([{}, { cursor: '1' }, { cursor: '2' }]);
  });

  it('names a refused API key', async () => {
    const wrong = neonReaderFromConfig(
      new ConfigReader({ apiKey: 'revoked', baseUrl: neon.baseUrl }),
    )!;
    await expect(wrong.describe('orders-main-production')).rejects.toThrow(
      'Neon refused the API key (401)',
    );
    neon.fault({ status: 403 });
    await expect(reader().describe('orders-main-production')).rejects.toThrow(
      'Neon refused the API key (403)',
    );
  });

  it('names a rate limit, with the retry-after Neon gave', async () => {
    neon.fault({ match: '/branches', status: 429, retryAfterSeconds: 30 });
    await expect(reader().describe('orders-main-production')).rejects.toThrow(
      'Neon rate-limited the reader (429, retry after 30s)',
    );
    neon.clearFaults();
    neon.fault({ status: 429 });
    await expect(reader().describe('orders-main-production')).rejects.toThrow(
      /^Neon rate-limited the reader \(429\)$/,
    );
  });

  it('names other statuses with their code and message', async () => {
    neon.fault({ match: 'GET /api/v2/projects/', status: 503 });
    await expect(reader().describe('orders-main-production')).rejects.toThrow(
      'Neon answered 503: service unavailable',
    );
  });

  it('gives up at its own deadline when Neon hangs', async () => {
    neon.fault({ match: '/branches', hang: true });
    const start = Date.now();
    await expect(
      reader({ timeoutMs: 300 }).describe('orders-main-production'),
    ).rejects.toThrow('Neon did not answer within 300 ms');
    expect(Date.now() - start).toBeLessThan(300 + 500);
  });

  it('counts latency across the calls against one deadline', async () => {
    neon.fault({ latencyMs: 150 });
    await expect(
      reader({ timeoutMs: 250 }).describe('orders-main-production'),
    ).rejects.toThrow('Neon did not answer within 250 ms');
  });

  it('names a reset connection with its code', async () => {
    neon.fault({ match: 'GET /api/v2/projects', reset: true });
    await expect(reader().describe('orders-main-production')).rejects.toThrow(
      /^the connection to Neon was reset.*\((ECONNRESET|UND_ERR_SOCKET)/,
    );
  });

  it('names a refused connection with its code', async () => {
    const port = await new Promise<number>(resolve => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const closed = neonReaderFromConfig(
      new ConfigReader({
        apiKey: KEY,
        baseUrl: `http://127.0.0.1:${port}/api/v2`,
      }),
    )!;
    await expect(closed.describe('orders-main-production')).rejects.toThrow(
      'Neon refused the connection (ECONNREFUSED)',
    );
  });
});
