export { DatastoreActionsMenu } from './DatastoreActionsMenu';
