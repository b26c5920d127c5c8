export {
  DatastoreNameConfirmation,
  validateNameConfirmation,
} from './DatastoreNameConfirmation';
