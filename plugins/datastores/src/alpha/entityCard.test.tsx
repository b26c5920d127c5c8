import { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { entityDatastoresCard } from './entityCard';

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders' },
  spec: { type: 'service' },
};

describe('entityDatastoresCard', () => {
  it('shows on services and datastore Resources only', () => {
    const filter = createExtensionTester(entityDatastoresCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(service)).toBe(true);
    expect(filter({ ...service, spec: { type: 'website' } })).toBe(false);
    expect(
      filter({
        ...service,
        kind: 'Resource',
        spec: { type: 'database' },
        metadata: {
          name: 'orders-users-production',
          annotations: { 'datastores.io/engine': 'postgres' },
        },
      }),
    ).toBe(true);
    expect(
      filter({ ...service, kind: 'Resource', spec: { type: 'database' } }),
    ).toBe(false);
  });
});
