import { createPlugin } from '@backstage/core-plugin-api';

/**
 * The datastores plugin for apps on the legacy frontend system.
 * Apps on the new frontend system use the default export of `@datastores/plugin-datastores/alpha`.
 * @public
 */
export const datastoresPlugin = createPlugin({
  id: 'datastores',
});
