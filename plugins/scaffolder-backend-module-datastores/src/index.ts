/**
 * Scaffolder module with the `datastores:*` actions.
 *
 * @packageDocumentation
 */

export { scaffolderDatastoresModule as default } from './module';
