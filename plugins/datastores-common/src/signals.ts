/**
 * The signal channel on which the backend says that a service's datastores moved, as
 * `{ service: string; entityRefs: string[] }`: open pages showing them refetch.
 * @public
 */
export const DATASTORES_STATUS_CHANNEL = 'datastores:status';
