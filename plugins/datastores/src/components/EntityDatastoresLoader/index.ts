export {
  EntityDatastoresLoader,
  EntityDatastoresView,
} from './EntityDatastoresLoader';
