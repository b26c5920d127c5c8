import { resourceEntityV1alpha1Validator } from '@backstage/catalog-model';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { catalogEntity } from './catalogEntity';
import { testContext } from '../../fixtures/render/fixtures';

const examples = parseAllDocuments(
  fs.readFileSync(
    path.resolve(__dirname, '../../../../examples/entities.yaml'),
    'utf8',
  ),
)
  .map(d => d.toJS())
  .filter(e => e.kind === 'Resource');
const example = (name: string) => examples.find(e => e.metadata.name === name);

describe('catalogEntity', () => {
  it.each([
    ['orders-main-production', {}],
    [
      'orders-main-preview',
      { environments: ['preview'], criticality: 'ephemeral' },
    ],
    [
      'orders-cache-production',
      { kind: 'cache', name: 'cache', criticality: 'reconstructable' },
    ],
  ])('writes %s as in examples/entities.yaml', async (name, raw) => {
    const entity = catalogEntity(testContext(raw), { system: 'shop' });
    expect(entity).toEqual(example(name));
    expect(await resourceEntityV1alpha1Validator.check(entity)).toBe(true);
  });

  it('uses the given owner when the request has none, and needs one', () => {
    const ctx = testContext({ owner: undefined });
    expect(
      catalogEntity(ctx, { owner: 'group:default/platform' }).spec.owner,
    ).toBe('group:default/platform');
    expect(() => catalogEntity(ctx)).toThrow('needs an owner');
  });

  it('lives in the service’s catalog namespace', () => {
    const entity = catalogEntity(
      testContext({ service: 'component:shop/orders' }),
    );
    expect(entity.metadata.namespace).toBe('shop');
    expect(entity.spec.dependencyOf).toEqual(['component:shop/orders']);
  });
});
