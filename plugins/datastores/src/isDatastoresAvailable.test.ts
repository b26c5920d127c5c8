import { Entity } from '@backstage/catalog-model';
import { isDatastoresAvailable } from './isDatastoresAvailable';

function entity(
  kind: string,
  spec: Entity['spec'],
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec,
  };
}

describe('isDatastoresAvailable', () => {
  it.each([
    ['a service', entity('Component', { type: 'service' }), true],
    [
      'a service, kind in lower case',
      entity('component', { type: 'service' }),
      true,
    ],
    ['a website', entity('Component', { type: 'website' }), false],
    ['a library', entity('Component', { type: 'library' }), false],
    [
      'a datastore Resource',
      entity(
        'Resource',
        { type: 'database' },
        { 'datastores.io/engine': 'postgres' },
      ),
      true,
    ],
    [
      'a Resource that is not a datastore',
      entity('Resource', { type: 'database' }),
      false,
    ],
    [
      'a System',
      entity('System', {}, { 'datastores.io/engine': 'postgres' }),
      false,
    ],
    ['a Group', entity('Group', { type: 'team' }), false],
  ])('%s → %s', (_name, e, expected) => {
    expect(isDatastoresAvailable(e)).toBe(expected);
  });
});
