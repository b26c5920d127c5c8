import {
  BackupRequirements,
  DatastoreStatus,
  ObservedPosture,
} from '@datastores/plugin-datastores-common';
import {
  ProviderCloudStatus,
  Readiness,
} from '@datastores/plugin-datastores-node';
import { Observed, Source } from './observedSources';

/**
 * A managed datastore's backups and readiness, as its provider's cloud answered for it: one
 * API answers for both. An answer not current says why, and makes both unknown.
 */
export function cloudStatus(input: {
  reader: ProviderCloudStatus;
  /** The name the cloud lists it by. */
  name: string;
  source: Source<Observed<unknown | null>>;
  declared: Pick<DatastoreStatus, 'backup' | 'readiness'>;
  requirements: BackupRequirements;
  now: Date;
}): {
  backup: DatastoreStatus['backup'];
  readiness: Readiness;
  observed: ObservedPosture;
} {
  const { reader, source, declared } = input;
  if (!source.ok) {
    return {
      backup: { ...declared.backup, posture: 'unknown', detail: source.reason },
      readiness: { state: 'unknown', message: source.reason },
      observed: {},
    };
  }
  const seen = { observedAt: source.value.observedAt, source: reader.title };
  if (source.value.value === null) {
    const absent = reader.absent(input.name);
    return {
      backup: {
        ...declared.backup,
        posture: 'unknown',
        detail: absent,
        ...seen,
      },
      readiness: { state: 'not-ready', message: absent, ...seen },
      observed: {},
    };
  }
  const mapped = reader.read({
    value: source.value.value,
    requirements: input.requirements,
    now: input.now,
  });
  return {
    backup: { ...mapped.backup.backup, ...seen },
    readiness: { ...mapped.readiness, ...seen },
    observed: mapped.backup.observed,
  };
}
