import { cloudnativePgProvider } from './cloudnative-pg';
import { dragonflyProvider } from './dragonfly';
import { neonProvider } from './neon';
import { rdsProvider } from './rds';
import { redisProvider } from './redis';
import { DatastoreProvider } from './types';

/** The providers the product ships, in the order of `PROVIDERS`. */
export const BUILT_IN_PROVIDERS: readonly DatastoreProvider[] = [
  rdsProvider,
  neonProvider,
  cloudnativePgProvider,
  dragonflyProvider,
  redisProvider,
];
