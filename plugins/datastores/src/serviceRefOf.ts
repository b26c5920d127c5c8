import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { getEntityRelations } from '@backstage/plugin-catalog-react';

/**
 * The service whose datastores an entity's page shows: the entity itself when it is a
 * Component, else the one Component a datastore `Resource` is a dependency of. Undefined when
 * that is not one service (the templates act on one service's datastore).
 */
export function serviceRefOf(entity: Entity): string | undefined {
  if (entity.kind.toLocaleLowerCase('en-US') === 'component') {
    return stringifyEntityRef(entity);
  }
  const services = getEntityRelations(entity, 'dependencyOf', {
    kind: 'component',
  });
  return services.length === 1 ? stringifyEntityRef(services[0]) : undefined;
}
