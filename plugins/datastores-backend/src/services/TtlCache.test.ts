import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  let now = 0;
  beforeEach(() => {
    now = 0;
  });
  const settle = () => new Promise(r => setImmediate(r));

  it('answers a stale value while one reload runs, then the reloaded one', async () => {
    const cache = new TtlCache<string>({
      ttlMs: 1000,
      staleMs: 1000,
      now: () => now,
    });
    let loads = 0;
    let release: () => void = () => {};
    const load = () => {
      loads++;
      const n = loads;
      return n === 1
        ? Promise.resolve('v1')
        : new Promise<string>(resolve => {
            release = () => resolve(`v${n}`);
          });
    };
    expect(await cache.get('k', load)).toBe('v1');
    now = 1500;
    // Expired: the old value at once, and one reload however many ask.
    expect(await cache.get('k', load)).toBe('v1');
    expect(await cache.get('k', load)).toBe('v1');
    expect(loads).toBe(2);
    release();
    await settle();
    expect(await cache.get('k', load)).toBe('v2');
    expect(loads).toBe(2);
  });

  it('waits for a load when the value is older than ttl and stale together', async () => {
    const cache = new TtlCache<string>({
      ttlMs: 1000,
      staleMs: 1000,
      now: () => now,
    });
    let loads = 0;
    const load = async () => `v${++loads}`;
    await cache.get('k', load);
    now = 2000;
    expect(await cache.get('k', load)).toBe('v2');
  });

  it('keeps the stale value when the reload fails, and tries again on the next call', async () => {
    const cache = new TtlCache<string>({
      ttlMs: 1000,
      staleMs: 1000,
      now: () => now,
    });
    await cache.get('k', async () => 'v1');
    now = 1200;
    expect(await cache.get('k', () => Promise.reject(new Error('down')))).toBe(
      'v1',
    );
    await settle();
    let tried = false;
    expect(
      await cache.get('k', async () => {
        tried = true;
        return 'v2';
      }),
    ).toBe('v1');
    expect(tried).toBe(true);
    await settle();
    expect(await cache.get('k', async () => 'v3')).toBe('v2');
  });

  it('without staleMs, loads again at once after the time to live', async () => {
    const cache = new TtlCache<string>({ ttlMs: 1000, now: () => now });
    let loads = 0;
    const load = async () => `v${++loads}`;
    await cache.get('k', load);
    now = 1000;
    expect(await cache.get('k', load)).toBe('v2');
  });
});
