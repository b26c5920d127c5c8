export { EntityDatastoresLoader } from './EntityDatastoresLoader';
