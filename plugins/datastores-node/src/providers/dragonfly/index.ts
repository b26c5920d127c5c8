import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { crossplaneProvider } from '../selfHosted';

/** Dragonfly caches, through the Crossplane Composition (its snapshots are its backups). */
export const dragonflyProvider = crossplaneProvider(
  'dragonfly',
  PROVIDER_FACTS.dragonfly,
);
