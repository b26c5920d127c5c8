import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

/** Where the legacy app mounts the "Datastores" entity tab. */
export const rootRouteRef = createRouteRef({ id: 'datastores' });

/**
 * The fleet page: every datastore of every service (`/datastores` in both frontend systems).
 * @public
 */
export const fleetRouteRef = createRouteRef({ id: 'datastores-fleet' });

/**
 * Where both frontend systems put the "Datastores" tab under an entity's page: the new
 * system's `entity-content:datastores` path, and the legacy `EntityLayout.Route` the README
 * shows. The card's "View all" links there.
 */
export const DATASTORES_TAB_PATH = '/datastores';

/** The "Datastores" tab of the entity whose page is at `entityPath` (from `useEntityRefLink`). */
export function datastoresTabPath(entityPath: string): string {
  return `${entityPath.replace(/\/+$/, '')}${DATASTORES_TAB_PATH}`;
}

/**
 * A scaffolder template's page, where the card's links open "Provision datastore", "Change
 * datastore" and "Decommission datastore". The new frontend system binds it to the scaffolder's
 * `selectedTemplate` route by default; a legacy app binds it in `bindRoutes`. Unbound, the links
 * use the scaffolder's default path, `/create/templates/:namespace/:templateName`.
 * @public
 */
export const scaffolderTemplateRouteRef = createExternalRouteRef({
  id: 'datastores-scaffolder-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
