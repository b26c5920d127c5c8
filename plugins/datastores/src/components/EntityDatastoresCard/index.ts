export { EntityDatastoresCard } from './EntityDatastoresCard';
