import { Entity } from '@backstage/catalog-model';

/**
 * The service a datastore Resource belongs to, from its `dependencyOf` relation (the catalog
 * writes it from `spec.dependencyOf` once the entity is processed).
 */
export function serviceRelationOf(resource: Entity): string | undefined {
  return resource.relations?.find(
    r => r.type === 'dependencyOf' && r.targetRef.startsWith('component:'),
  )?.targetRef;
}
