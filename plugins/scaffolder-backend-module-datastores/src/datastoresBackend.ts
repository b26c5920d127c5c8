import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  NameOwner,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';
import { NameOwnersReader, RequestRecorder } from './actions/provision';
import { RequestsReader } from './actions/currentDatastore';

/**
 * What the clients of the datastores backend call it with: the caller's auth and discovery
 * services (it calls as its own service) and, for tests, a `fetch`.
 * @public
 */
export interface DatastoresBackendDeps {
  auth: AuthService;
  discovery: DiscoveryService;
  fetch?: typeof fetch;
}

/** One call to the datastores backend, as this plugin's own service. */
async function call(
  deps: DatastoresBackendDeps,
  path: string,
  init: RequestInit = {},
) {
  const baseUrl = await deps.discovery.getBaseUrl('datastores');
  const { token } = await deps.auth.getPluginRequestToken({
    onBehalfOf: await deps.auth.getOwnServiceCredentials(),
    targetPluginId: 'datastores',
  });
  const response = await (deps.fetch ?? fetch)(`${baseUrl}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
    },
  });
  if (!response.ok) throw await ResponseError.fromResponse(response);
  return response;
}

/** Records requests with the datastores backend (`POST /v1/requests`). @public */
export function createRequestRecorder(
  deps: DatastoresBackendDeps,
): RequestRecorder {
  return async (record: ProvisioningRequestRecord) => {
    await call(deps, '/v1/requests', {
      method: 'POST',
      body: JSON.stringify(record),
    });
  };
}

/** Asks the datastores backend who holds a datastore's names (`GET /v1/names/owners`). @public */
export function createNameOwnersReader(
  deps: DatastoresBackendDeps,
): NameOwnersReader {
  return async ({ service, name }) => {
    const query = new URLSearchParams({ service, name });
    const response = await call(deps, `/v1/names/owners?${query}`);
    return (await response.json()) as { stem: string; owners: NameOwner[] };
  };
}

/** Reads a service's recorded requests (`GET /v1/requests?entityRef=`). */
export function createRequestsReader(
  deps: DatastoresBackendDeps,
): RequestsReader {
  return async serviceRef => {
    const query = new URLSearchParams({ entityRef: serviceRef });
    const response = await call(deps, `/v1/requests?${query}`);
    const { items } = (await response.json()) as {
      items: Array<{ request: ProvisioningRequestRecord }>;
    };
    return items.map(item => item.request);
  };
}
