import { Entity } from '@backstage/catalog-model';
import { DATASTORE_ANNOTATIONS } from '@datastores/plugin-datastores-common';

/**
 * Whether the datastores card and tab have something to say about an entity: a service
 * (a `Component` of type `service`), or a datastore itself (a `Resource` with the engine
 * annotation).
 * @public
 */
export function isDatastoresAvailable(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (kind === 'component') {
    return entity.spec?.type === 'service';
  }
  if (kind === 'resource') {
    return Boolean(entity.metadata.annotations?.[DATASTORE_ANNOTATIONS.engine]);
  }
  return false;
}
