import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import { RequestRecorder } from './actions/provision';

/** Records requests with the datastores backend (`POST /v1/requests`), as this plugin's own service. */
export function createRequestRecorder(deps: {
  auth: AuthService;
  discovery: DiscoveryService;
  fetch?: typeof fetch;
}): RequestRecorder {
  const doFetch = deps.fetch ?? fetch;
  return async (record: ProvisioningRequestRecord) => {
    const baseUrl = await deps.discovery.getBaseUrl('datastores');
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf: await deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'datastores',
    });
    const response = await doFetch(`${baseUrl}/v1/requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(record),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
  };
}
