import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * Permissions deciding `result` for users while the plugins' own service calls are allowed, as
 * Backstage's permissions service does for service principals: the collector lists as the
 * plugin itself, so a user's denial is about what the user may see, not what is observed.
 */
export function usersOnly(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  const decide = async (
    requests: unknown[],
    options: { credentials: BackstageCredentials },
  ) =>
    requests.map(() => ({
      result:
        (options.credentials.principal as { type?: string }).type === 'service'
          ? AuthorizeResult.ALLOW
          : result,
    }));
  return mockServices.permissions.mock({
    authorize: decide as any,
    authorizeConditional: decide as any,
  }).factory;
}
