import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who is asking, as a cache key: answers read with one caller's credentials stay theirs. */
export function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}

/**
 * A small in-process cache with a time to live, keyed per caller. It keeps what the catalog
 * answered a caller for a few seconds, so a card refreshing on a busy page does not repeat the
 * catalog call (and its permission checks) every time. Oldest entries go first past `maxEntries`.
 */
export class CallerCache<T> {
  private readonly entries = new Map<
    string,
    { value: Promise<T>; expires: number }
  >();

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries?: number;
      now?: () => number;
    },
  ) {}

  /** The cached answer for this caller and key, or `load()`'s (shared by concurrent calls). */
  get(
    credentials: BackstageCredentials,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    if (this.options.ttlMs <= 0) return load();
    const now = (this.options.now ?? Date.now)();
    const id = `${callerKey(credentials)}|${key}`;
    const hit = this.entries.get(id);
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    this.entries.set(id, { value, expires: now + this.options.ttlMs });
    // A failed load is not kept: the next call tries again.
    value.catch(() => this.entries.delete(id));
    const max = this.options.maxEntries ?? 1000;
    while (this.entries.size > max) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return value;
  }
}
