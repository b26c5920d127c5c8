/**
 * Datastores frontend plugin: the entity card, the entity tab and the decision preview.
 *
 * @packageDocumentation
 */

export { datastoresPlugin, EntityDatastoresCard } from './plugin';
export { isDatastoresAvailable } from './isDatastoresAvailable';
export { datastoresApiRef, DatastoresClient } from './api';
export type { DatastoresApi, DecideInput, DecideResult } from './api';
