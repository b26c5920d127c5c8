import { mockCredentials } from '@backstage/backend-test-utils';
import { CallerCache } from './CallerCache';

describe('CallerCache', () => {
  let now = 0;
  const cache = () =>
    new CallerCache<string>({ ttlMs: 1000, maxEntries: 2, now: () => now });
  beforeEach(() => {
    now = 0;
  });

  it('answers from the cache within the time to live, and loads again after it', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => `v${++loads}`;
    const alice = mockCredentials.user('user:default/alice');
    expect(await c.get(alice, 'k', load)).toBe('v1');
    now = 999;
    expect(await c.get(alice, 'k', load)).toBe('v1');
    now = 1000;
    expect(await c.get(alice, 'k', load)).toBe('v2');
  });

  it('never hands one caller what another was answered', async () => {
    const c = cache();
    await c.get(
      mockCredentials.user('user:default/alice'),
      'k',
      async () => 'for alice',
    );
    expect(
      await c.get(
        mockCredentials.user('user:default/bob'),
        'k',
        async () => 'for bob',
      ),
    ).toBe('for bob');
    expect(
      await c.get(
        mockCredentials.service('plugin:x'),
        'k',
        async () => 'for x',
      ),
    ).toBe('for x');
  });

  it('does not keep failures, and forgets the oldest past its size', async () => {
    const c = cache();
    const alice = mockCredentials.user('user:default/alice');
    await expect(
      c.get(alice, 'k', async () => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    expect(await c.get(alice, 'k', async () => 'up')).toBe('up');
    await c.get(alice, 'a', async () => 'a');
    await c.get(alice, 'b', async () => 'b');
    expect(await c.get(alice, 'k', async () => 'reloaded')).toBe('reloaded');
  });

  it('is off with a time to live of 0', async () => {
    const c = new CallerCache<string>({ ttlMs: 0 });
    const alice = mockCredentials.user('user:default/alice');
    await c.get(alice, 'k', async () => 'one');
    expect(await c.get(alice, 'k', async () => 'two')).toBe('two');
  });
});
