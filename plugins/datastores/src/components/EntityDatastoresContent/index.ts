export { EntityDatastoresContent } from './EntityDatastoresContent';
