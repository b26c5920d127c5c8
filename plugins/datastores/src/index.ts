/**
 * Datastores frontend plugin: the entity card, the entity tab and the decision preview.
 *
 * @packageDocumentation
 */

export {
  datastoresPlugin,
  EntityDatastoresCard,
  EntityDatastoresContent,
} from './plugin';
export { isDatastoresAvailable } from './isDatastoresAvailable';
export { datastoresApiRef, DatastoresClient } from './api';
export type { DatastoresApi, DecideInput, DecideResult } from './api';
