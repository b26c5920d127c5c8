import { PROVIDER_FACTS } from '@datastores/plugin-datastores-common';
import { readinessFromOperatorObject } from '../../status/readiness';
import { crossplaneProvider } from '../selfHosted';
import { DatastoreProvider } from '../types';
import { backupFromDragonfly } from './status';

/** Dragonfly caches, through the Crossplane Composition (its snapshots are its backups). */
export const dragonflyProvider: DatastoreProvider = {
  ...crossplaneProvider('dragonfly', PROVIDER_FACTS.dragonfly),
  kubernetes: {
    type: {
      group: 'dragonflydb.io',
      version: 'v1alpha1',
      plural: 'dragonflies',
      kind: 'Dragonfly',
    },
    backup: ({ object, requirements, now }) =>
      backupFromDragonfly({ dragonfly: object, requirements, now }),
    readiness: readinessFromOperatorObject,
  },
};
