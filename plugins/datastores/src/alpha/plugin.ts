import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { fleetRouteRef, scaffolderTemplateRouteRef } from '../routes';
import { datastoresApi } from './api';
import { entityDatastoresCard } from './entityCard';
import { entityDatastoresContent } from './entityContent';
import { datastoresFleetPage } from './fleetPage';
import {
  datastoreDecisionPreviewFormField,
  datastoreNameConfirmationFormField,
  datastoreNameFormField,
} from './formField';

/**
 * The datastores plugin for apps on the new frontend system; installed by adding the package
 * to the app (`app.packages: all` discovers it).
 * @alpha
 */
export const datastoresPlugin = createFrontendPlugin({
  pluginId: 'datastores',
  info: { packageJson: () => import('../../package.json') },
  routes: { fleet: fleetRouteRef },
  // Bound to the scaffolder's template page by default (the route ref's `defaultTarget`).
  externalRoutes: { scaffolderTemplate: scaffolderTemplateRouteRef },
  extensions: [
    datastoresApi,
    datastoresFleetPage,
    entityDatastoresCard,
    entityDatastoresContent,
    datastoreDecisionPreviewFormField,
    datastoreNameFormField,
    datastoreNameConfirmationFormField,
  ],
});
