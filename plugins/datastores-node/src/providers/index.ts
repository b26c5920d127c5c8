export type { DatastoreProvider } from './types';
export { DatastoreProviders } from './registry';
export {
  datastoresProvidersExtensionPoint,
  scaffolderDatastoresProvidersExtensionPoint,
} from './extensionPoints';
export type { DatastoresProvidersExtensionPoint } from './extensionPoints';
export { createDatastoreProviderFeature } from './createDatastoreProviderFeature';
export { renderCrossplaneObject } from './selfHosted';
