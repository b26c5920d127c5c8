/**
 * Datastores frontend plugin: the entity card, the entity tab and the decision preview.
 *
 * @packageDocumentation
 */

export {
  datastoresPlugin,
  EntityDatastoresCard,
  EntityDatastoresContent,
  DatastoreDecisionPreviewFieldExtension,
} from './plugin';
export { DatastoreDecisionPreview } from './components/DatastoreDecisionPreview';
export type { DatastoreDecisionPreviewOptions } from './components/DatastoreDecisionPreview';
export { isDatastoresAvailable } from './isDatastoresAvailable';
export { datastoresApiRef, DatastoresClient } from './api';
export type { DatastoresApi, DecideInput, DecideResult } from './api';
