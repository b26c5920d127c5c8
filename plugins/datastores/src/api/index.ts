export { datastoresApiRef } from './DatastoresApi';
export type { DatastoresApi, DecideInput, DecideResult } from './DatastoresApi';
export { DatastoresClient } from './DatastoresClient';
