export { DatastoresFleetPage } from './DatastoresFleetPage';
export { DatastoresFleet } from './DatastoresFleet';
