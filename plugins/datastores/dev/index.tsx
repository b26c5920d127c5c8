/*
 * `yarn start` in this package: a dev app on the new frontend system with this plugin and the
 * catalog, and no backend. Two API overrides stand in for it: the catalog holds the repository's
 * example (the `orders` service and its three datastores) in memory, and the datastores API
 * answers for them as the backend would (dev/examples.ts). Open /catalog/default/component/orders
 * for the card and the Datastores tab, /datastores for the fleet page.
 */
import { createApp } from '@backstage/frontend-defaults';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import ReactDOM from 'react-dom/client';
import datastoresPlugin from '../src/alpha';
import { datastoresApiRef } from '../src/api';
import { exampleCatalogApi, exampleDatastoresApi } from './examples';

// A module's extension with the id of a plugin's own replaces it: `api:catalog` and
// `api:datastores` here.
const exampleCatalog = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: catalogApiRef,
          deps: {},
          factory: () => exampleCatalogApi,
        }),
    }),
  ],
});

const exampleDatastores = createFrontendModule({
  pluginId: 'datastores',
  extensions: [
    ApiBlueprint.make({
      params: defineParams =>
        defineParams({
          api: datastoresApiRef,
          deps: {},
          factory: () => exampleDatastoresApi,
        }),
    }),
  ],
});

const app = createApp({
  features: [
    catalogPlugin,
    exampleCatalog,
    datastoresPlugin,
    exampleDatastores,
  ],
});

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
