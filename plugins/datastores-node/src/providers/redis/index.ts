import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { crossplaneProvider } from '../selfHosted';

/**
 * Redis caches (OT-Container-Kit's operator), through the Crossplane Composition; its facts
 * refuse data that needs backups.
 */
export const redisProvider = crossplaneProvider('redis', PROVIDER_FACTS.redis);
