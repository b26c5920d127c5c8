/**
 * Datastores frontend plugin: the entity card, the entity tab, the fleet page, and the
 * template's decision preview and name fields.
 *
 * @packageDocumentation
 */

export {
  datastoresPlugin,
  EntityDatastoresCard,
  EntityDatastoresContent,
  DatastoresFleetPage,
  DatastoreDecisionPreviewFieldExtension,
  DatastoreNameFieldExtension,
} from './plugin';
export { DatastoreDecisionPreview } from './components/DatastoreDecisionPreview';
export type { DatastoreDecisionPreviewOptions } from './components/DatastoreDecisionPreview';
export { DatastoreNameField } from './components/DatastoreNameField';
export { fleetRouteRef } from './routes';
export { isDatastoresAvailable } from './isDatastoresAvailable';
export { datastoresApiRef, DatastoresClient } from './api';
export type { DatastoresApi, DecideInput, DecideResult } from './api';
