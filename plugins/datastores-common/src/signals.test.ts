import { DATASTORES_STATUS_CHANNEL, signalConcerns } from './signals';

describe('signalConcerns', () => {
  const message = {
    service: 'component:default/orders',
    entityRefs: ['resource:default/orders-main-production'],
  };

  it('names the service and each of its datastores that changed', () => {
    expect(DATASTORES_STATUS_CHANNEL).toBe('datastores:status');
    expect(signalConcerns(message, 'component:default/orders')).toBe(true);
    expect(
      signalConcerns(message, 'resource:default/orders-main-production'),
    ).toBe(true);
  });

  it('is about no other entity, and reads a malformed message as about none', () => {
    expect(signalConcerns(message, 'component:default/billing')).toBe(false);
    expect(
      signalConcerns(message, 'resource:default/orders-main-preview'),
    ).toBe(false);
    expect(signalConcerns(null, 'component:default/orders')).toBe(false);
    expect(
      signalConcerns({ entityRefs: 'component:default/orders' }, 'x'),
    ).toBe(false);
  });
});
