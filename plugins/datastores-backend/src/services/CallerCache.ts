import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { TtlCache } from './TtlCache';

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
 * A {@link TtlCache} keyed per caller: answers read with one caller's credentials stay theirs.
 * It keeps what the catalog answered a caller for a few seconds, so a card refreshing on a busy
 * page does not repeat the catalog call (and its permission checks) every time.
 */
export class CallerCache<T> {
  private readonly cache: TtlCache<T>;

  constructor(options: ConstructorParameters<typeof TtlCache<T>>[0]) {
    this.cache = new TtlCache(options);
  }

  /** The cached answer for this caller and key, or `load()`'s (shared by concurrent calls). */
  get(
    credentials: BackstageCredentials,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    return this.cache.get(`${callerKey(credentials)}|${key}`, load);
  }
}
