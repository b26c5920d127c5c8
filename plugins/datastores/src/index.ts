/**
 * Datastores frontend plugin: the entity card, the entity tab, the fleet page, and the
 * templates' decision preview, name and name confirmation fields.
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
  DatastoreNameConfirmationFieldExtension,
} from './plugin';
export { DatastoreDecisionPreview } from './components/DatastoreDecisionPreview';
export type {
  DatastoreDecisionPreviewOptions,
  DatastoreDecisionPreviewProps,
} from './components/DatastoreDecisionPreview';
export { DatastoreNameField } from './components/DatastoreNameField';
export { DatastoreNameConfirmation } from './components/DatastoreNameConfirmation';
export { fleetRouteRef, scaffolderTemplateRouteRef } from './routes';
export { isDatastoresAvailable } from './isDatastoresAvailable';
export { datastoresApiRef, DatastoresClient } from './api';
export type { DatastoresApi, DecideInput, DecideResult } from './api';
