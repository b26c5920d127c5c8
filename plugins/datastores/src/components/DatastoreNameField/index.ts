export {
  DatastoreNameField,
  validateDatastoreName,
} from './DatastoreNameField';
