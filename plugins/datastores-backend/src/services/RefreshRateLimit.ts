import { CacheService } from '@backstage/backend-plugin-api';

/** A refresh asked again too soon: when the last one ran, and when the next may. */
export interface RefreshTooSoon {
  lastAt: string;
  retryAfterSeconds: number;
}

/**
 * At most one refresh per service per `minIntervalMs`, across replicas: the last refresh's
 * time is kept in Backstage's cache service (shared when it is Redis, Valkey or Memcached; per
 * replica with the default in-memory store), expiring with the interval.
 *
 * The cache has no atomic "set if absent": two refreshes of one service arriving within the
 * same few milliseconds on two replicas may both pass. The limit protects the clusters from a
 * button pressed over and over, not from a race of that width.
 */
export class RefreshRateLimit {
  constructor(
    private readonly deps: {
      cache: CacheService;
      minIntervalMs: number;
      now?: () => number;
    },
  ) {}

  private now() {
    return (this.deps.now ?? Date.now)();
  }

  private key(serviceRef: string) {
    return `refresh-now:${serviceRef}`;
  }

  /**
   * Takes the service's turn: undefined when it may refresh now (its time is recorded before it
   * runs, so a second press while it runs is refused too), else when it may.
   */
  async claim(serviceRef: string): Promise<RefreshTooSoon | undefined> {
    const { cache, minIntervalMs } = this.deps;
    const now = this.now();
    const last = await cache.get<number>(this.key(serviceRef));
    if (typeof last === 'number' && now - last < minIntervalMs) {
      return {
        lastAt: new Date(last).toISOString(),
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((last + minIntervalMs - now) / 1000),
        ),
      };
    }
    await cache.set(this.key(serviceRef), now, { ttl: minIntervalMs });
    return undefined;
  }
}
