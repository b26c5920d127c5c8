/**
 * The catalog backend module of the datastores plugins: an entity provider that emits each
 * datastore's `Resource` entity from the target repos.
 *
 * @packageDocumentation
 */

export { catalogModuleDatastoresEntities as default } from './module';
export { ENTITIES_TASK } from './module';
export { DatastoresEntityProvider } from './DatastoresEntityProvider';
export type { EntityRefreshSummary } from './DatastoresEntityProvider';
export { catalogGlobUrl } from './catalogGlob';
