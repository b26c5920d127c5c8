/**
 * A small in-process cache with a time to live. Concurrent loads of one key are shared, and a
 * failed load is not kept. With `staleMs`, a value past its time to live is still answered for
 * that long while ONE reload runs in the background, so no caller waits on a periodic reload
 * (the answer is then at most `ttlMs + staleMs` old). Oldest entries go first past `maxEntries`.
 */
export class TtlCache<T> {
  private readonly entries = new Map<
    string,
    {
      value: Promise<T>;
      expires: number;
      /** Set once `value` resolved: only a settled value is answered stale. */
      settled?: boolean;
      reloading?: boolean;
    }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      staleMs?: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    if (this.options.ttlMs <= 0) return load();
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (
      hit?.settled &&
      this.options.staleMs &&
      hit.expires + this.options.staleMs > now
    ) {
      if (!hit.reloading) {
        hit.reloading = true;
        const next = load();
        next.then(
          () => this.store(key, next),
          () => (hit.reloading = false),
        );
      }
      return hit.value;
    }
    return this.store(key, load());
  }

  private store(key: string, value: Promise<T>): Promise<T> {
    const entry: { value: Promise<T>; expires: number; settled?: boolean } = {
      value,
      expires: this.now() + this.options.ttlMs,
    };
    this.entries.delete(key);
    this.entries.set(key, entry);
    value.then(
      () => (entry.settled = true),
      // A failed load is not kept: the next call tries again.
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    const max = this.options.maxEntries ?? 1000;
    while (this.entries.size > max) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }
}
