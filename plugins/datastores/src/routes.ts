import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts the "Datastores" entity tab. */
export const rootRouteRef = createRouteRef({ id: 'datastores' });

/**
 * Where both frontend systems put the "Datastores" tab under an entity's page: the new
 * system's `entity-content:datastores` path, and the legacy `EntityLayout.Route` the README
 * shows. The card's "View all" links there.
 */
export const DATASTORES_TAB_PATH = '/datastores';
