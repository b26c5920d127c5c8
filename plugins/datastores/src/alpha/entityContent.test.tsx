import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { entityDatastoresContent } from './entityContent';

const service: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders' },
  spec: { type: 'service' },
};

describe('entityDatastoresContent', () => {
  it('is the "Datastores" tab at /datastores', () => {
    const tester = createExtensionTester(entityDatastoresContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Datastores',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/datastores');
  });

  it('shows on the same entities as the card', () => {
    const filter = createExtensionTester(entityDatastoresContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(service)).toBe(true);
    expect(filter({ ...service, kind: 'System' })).toBe(false);
  });
});
