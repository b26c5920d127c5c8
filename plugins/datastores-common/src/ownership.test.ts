import { deriveNames, nameStem } from './names';
import { assertNamesFree, stemEntityNames } from './ownership';

describe('name ownership', () => {
  it('derives every name from the stem, so equal stems mean equal names', () => {
    // default/orders-main + "cache" and default/orders + "main-cache" share every name.
    const a = deriveNames({
      service: 'orders-main',
      name: 'cache',
      environment: 'dev',
    });
    const b = deriveNames({
      service: 'orders',
      name: 'main-cache',
      environment: 'dev',
    });
    expect(nameStem({ serviceName: 'orders-main', name: 'cache' })).toBe(
      nameStem({ serviceName: 'orders', name: 'main-cache' }),
    );
    expect(a.rdsIdentifier).toBe(b.rdsIdentifier);
    expect(stemEntityNames('orders-main')).toEqual([
      'orders-main-production',
      'orders-main-staging',
      'orders-main-preview',
      'orders-main-dev',
    ]);
  });

  it("lets a service keep its own names and refuses another's, naming it", () => {
    const owners = [
      {
        service: 'component:default/orders',
        source: 'catalog' as const,
        ref: 'resource:default/orders-main-production',
        owner: 'group:default/platform-team',
      },
    ];
    expect(() =>
      assertNamesFree({
        service: 'component:default/orders',
        name: 'main',
        stem: 'orders-main',
        owners,
      }),
    ).not.toThrow();
    expect(() =>
      assertNamesFree({
        service: 'component:shop/orders',
        name: 'main',
        stem: 'orders-main',
        owners,
      }),
    ).toThrow(
      'already belong to component:default/orders (owned by group:default/platform-team), catalog entity resource:default/orders-main-production',
    );
  });
});
