import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the "Datastores" entity tab. */
export const rootRouteRef = createRouteRef({ id: 'datastores' });
