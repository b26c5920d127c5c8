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
});
