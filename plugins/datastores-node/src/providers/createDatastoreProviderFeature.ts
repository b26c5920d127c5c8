import {
  BackendFeature,
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  datastoresProvidersExtensionPoint,
  scaffolderDatastoresProvidersExtensionPoint,
} from './extensionPoints';
import { DatastoreProvider } from './types';

/**
 * One backend feature that installs a provider everywhere it is used: a module of the
 * datastores backend and one of the scaffolder, with the same provider. Its own config is read
 * once, at startup, so a wrong key stops the backend there. Install it with one line:
 * `backend.add(import('<your provider package>'))`.
 * @public
 */
export function createDatastoreProviderFeature(options: {
  /** The id of both modules, e.g. `aurora-postgresql`. */
  moduleId: string;
  /** Makes the provider; reads and validates its own config keys. */
  provider(context: { config: Config }): DatastoreProvider;
}): BackendFeature {
  return createBackendFeatureLoader({
    deps: { config: coreServices.rootConfig },
    loader({ config }) {
      const provider = options.provider({ config });
      const moduleOf = (
        pluginId: string,
        point: typeof datastoresProvidersExtensionPoint,
      ) =>
        createBackendModule({
          pluginId,
          moduleId: options.moduleId,
          register(reg) {
            reg.registerInit({
              deps: { providers: point },
              async init({ providers }) {
                providers.addProvider(provider);
              },
            });
          },
        });
      return [
        moduleOf('datastores', datastoresProvidersExtensionPoint),
        moduleOf('scaffolder', scaffolderDatastoresProvidersExtensionPoint),
      ];
    },
  });
}
