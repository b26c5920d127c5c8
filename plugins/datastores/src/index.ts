/**
 * Datastores frontend plugin: the entity card, the entity tab, and the template's decision
 * preview and name fields.
 *
 * @packageDocumentation
 */

export {
  datastoresPlugin,
  EntityDatastoresCard,
  EntityDatastoresContent,
  DatastoreDecisionPreviewFieldExtension,
  DatastoreNameFieldExtension,
} from './plugin';
export { DatastoreDecisionPreview } from './components/DatastoreDecisionPreview';
export type { DatastoreDecisionPreviewOptions } from './components/DatastoreDecisionPreview';
export { DatastoreNameField } from './components/DatastoreNameField';
export { isDatastoresAvailable } from './isDatastoresAvailable';
export { datastoresApiRef, DatastoresClient } from './api';
export type { DatastoresApi, DecideInput, DecideResult } from './api';
