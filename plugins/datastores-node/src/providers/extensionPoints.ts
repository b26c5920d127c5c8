import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { DatastoreProvider } from './types';

/** Where provider modules add their providers. @public */
export interface DatastoresProvidersExtensionPoint {
  addProvider(...providers: DatastoreProvider[]): void;
}

/**
 * The providers of the datastores backend plugin: it decides, shows the status of and
 * dry-runs the datastores of every provider added here, and of the built-in ones.
 * @public
 */
export const datastoresProvidersExtensionPoint =
  createExtensionPoint<DatastoresProvidersExtensionPoint>({
    id: 'datastores.providers',
  });

/**
 * The providers of the scaffolder's `datastores:*` actions (the scaffolder module registers
 * this one: an extension point belongs to one plugin).
 * @public
 */
export const scaffolderDatastoresProvidersExtensionPoint =
  createExtensionPoint<DatastoresProvidersExtensionPoint>({
    id: 'scaffolder.datastores.providers',
  });
