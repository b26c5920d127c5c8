/**
 * The signal channel on which the datastores backend says a datastore's status changed (its
 * lifecycle moved on), so the card and the tab read it again without a reload.
 * @public
 */
export const DATASTORES_STATUS_CHANNEL = 'datastores:status';

/**
 * A message on {@link DATASTORES_STATUS_CHANNEL}: the service whose datastores changed and the
 * datastores' entity refs.
 * @public
 */
export interface DatastoresStatusSignal {
  /** The entity ref of the service (`component:default/orders`). */
  service: string;
  /** The entity refs of the datastores that changed (`resource:default/orders-main-production`). */
  entityRefs: string[];
}

/** Whether a message on the channel concerns the entity shown: its service, or one of its datastores. @public */
export function signalConcerns(message: unknown, entityRef: string): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { service, entityRefs } = message as Partial<DatastoresStatusSignal>;
  return (
    service === entityRef ||
    (Array.isArray(entityRefs) && entityRefs.includes(entityRef))
  );
}
