import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { crossplaneProvider } from '../selfHosted';
import { DatastoreProvider } from '../types';
import { backupFromRedis } from './status';

/**
 * Redis caches (OT-Container-Kit's operator), through the Crossplane Composition; its facts
 * refuse data that needs backups. A Redis reports no status of its own: its composite's Ready
 * (its StatefulSet) tells.
 */
export const redisProvider: DatastoreProvider = {
  ...crossplaneProvider('redis', PROVIDER_FACTS.redis),
  kubernetes: {
    type: {
      group: 'redis.redis.opstreelabs.in',
      version: 'v1beta2',
      plural: 'redis',
      kind: 'Redis',
    },
    backup: ({ object, requirements }) =>
      backupFromRedis({ redis: object, requirements }),
  },
};
