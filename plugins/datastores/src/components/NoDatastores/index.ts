export { NoDatastores } from './NoDatastores';
