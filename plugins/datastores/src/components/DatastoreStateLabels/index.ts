export { DatastoreStateLabels } from './DatastoreStateLabels';
