import { ResponseError } from '@backstage/errors';
import { DatastoresClient } from './DatastoresClient';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    statusText: status === 200 ? 'OK' : 'Bad Request',
    headers: { 'Content-Type': 'application/json' },
  });
}

function clientAnswering(response: Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => response);
  const client = new DatastoresClient({
    discoveryApi: {
      getBaseUrl: jest.fn(
        async (pluginId: string) => `http://backend/api/${pluginId}`,
      ),
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

describe('DatastoresClient', () => {
  it('reads the datastores of an entity', async () => {
    const answer = {
      entityRef: 'component:default/orders',
      datastores: [],
      errors: [],
    };
    const { client, fetch } = clientAnswering(json(answer));
    await expect(
      client.getEntityDatastores('component:default/orders'),
    ).resolves.toEqual(answer);
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/datastores/v1/entities/component/default/orders/datastores',
      undefined,
    );
  });

  it('escapes the parts of the entity reference', async () => {
    const { client, fetch } = clientAnswering(json({}));
    await client.getEntityDatastores('component:my ns/a#b');
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/datastores/v1/entities/component/my%20ns/a%23b/datastores',
    );
  });

  it('posts a refresh of an entity, and rethrows a 429 with its retry time', async () => {
    const refreshed = {
      entityRef: 'component:default/orders',
      datastores: [],
      errors: [],
      refresh: {
        refreshedAt: '2026-12-01T10:00:00.000Z',
        clusters: [],
        calls: 1,
      },
    };
    const ok = clientAnswering(json(refreshed));
    await expect(
      ok.client.refresh('component:default/orders'),
    ).resolves.toEqual(refreshed);
    expect(ok.fetch).toHaveBeenCalledWith(
      'http://backend/api/datastores/v1/entities/component/default/orders/refresh',
      { method: 'POST' },
    );

    const tooSoon = clientAnswering(
      json(
        {
          error: {
            name: 'RefreshTooSoonError',
            message: 'refreshed 12 s ago; try again in 18 s',
            retryAfterSeconds: 18,
          },
          response: { statusCode: 429 },
        },
        429,
      ),
    );
    const error = await tooSoon.client
      .refresh('component:default/orders')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(429);
    expect(error.body.error.retryAfterSeconds).toBe(18);
  });

  it('posts a request for decisions', async () => {
    const { client, fetch } = clientAnswering(
      json({ decisions: [], allowed: false }),
    );
    const input = {
      kind: 'database' as const,
      environments: ['production' as const],
      criticality: 'catastrophic' as const,
    };
    await expect(client.decide(input)).resolves.toEqual({
      decisions: [],
      allowed: false,
    });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend/api/datastores/v1/decisions');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual(input);
  });

  it('rethrows a refusal as a ResponseError that carries the reason', async () => {
    const { client } = clientAnswering(
      json(
        {
          error: {
            name: 'InputError',
            message:
              'a cache holds data rebuilt from elsewhere; if its loss would be catastrophic it is a database',
          },
          response: { statusCode: 400 },
        },
        400,
      ),
    );
    const error = await client
      .decide({
        kind: 'cache',
        environments: ['production'],
        criticality: 'catastrophic',
      })
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.cause.name).toBe('InputError');
    expect(error.cause.message).toMatch(/it is a database/);
  });
  describe('getFleet', () => {
    const page = {
      items: [],
      totalItems: 0,
      offset: 0,
      limit: 50,
      counts: { total: 0, productionAtRisk: 0, by: {} },
      computedAt: '2026-10-01T12:00:00.000Z',
    };

    it('asks for the fleet with its filters and paging in the query string', async () => {
      const { client, fetch } = clientAnswering(json(page));
      await expect(
        client.getFleet({
          filter: {
            environment: ['production'],
            backup: ['at-risk', 'unknown'],
            owner: ['group:default/team'],
          },
          offset: 50,
          limit: 25,
        }),
      ).resolves.toEqual(page);
      const url = new URL(fetch.mock.calls[0][0]);
      expect(url.origin + url.pathname).toBe(
        'http://backend/api/datastores/v1/datastores',
      );
      expect(url.searchParams.getAll('environment')).toEqual(['production']);
      expect(url.searchParams.getAll('backup')).toEqual(['at-risk', 'unknown']);
      expect(url.searchParams.get('owner')).toBe('group:default/team');
      expect(url.searchParams.get('offset')).toBe('50');
      expect(url.searchParams.get('limit')).toBe('25');
    });

    it('sends no query string when nothing is asked', async () => {
      const { client, fetch } = clientAnswering(json(page));
      await client.getFleet({ filter: {} });
      expect(fetch.mock.calls[0][0]).toBe(
        'http://backend/api/datastores/v1/datastores',
      );
    });

    it('rethrows a bad filter as a ResponseError naming the allowed values', async () => {
      const { client } = clientAnswering(
        json(
          {
            error: {
              name: 'InputError',
              message:
                'environment "prod" is not one of production, staging, preview, dev',
            },
            response: { statusCode: 400 },
          },
          400,
        ),
      );
      const error = await client
        .getFleet({ filter: { environment: ['prod'] } })
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(400);
      expect(error.cause.message).toBe(
        'environment "prod" is not one of production, staging, preview, dev',
      );
    });
  });
});
