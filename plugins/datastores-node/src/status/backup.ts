import {
  BackupRequirements,
  DatastoreStatus,
  ObservedPosture,
} from '@datastores/plugin-datastores-common';

/** A datastore's backup posture (`DatastoreStatus.backup`). @public */
export type BackupStatus = DatastoreStatus['backup'];

/** A backup posture and what it says for the compliance grade. @public */
export interface ObservedBackup {
  backup: BackupStatus;
  observed: ObservedPosture;
}

export function isRequired(requirements: BackupRequirements): boolean {
  return (
    requirements.mode === 'continuous' || requirements.mode === 'scheduled'
  );
}

export function unconfigured(
  requirements: BackupRequirements,
  what: string,
): ObservedBackup {
  return isRequired(requirements)
    ? {
        backup: {
          posture: 'unprotected',
          detail: `${what}; the policy requires ${requirements.mode} backups.`,
        },
        observed: { backupsEnabled: false },
      }
    : {
        backup: { posture: 'not-required', detail: `${what}: not required.` },
        observed: { backupsEnabled: false },
      };
}

/** A daily base backup, with a day of slack: older than this, the schedule is not running. @public */
export const SCHEDULED_BACKUP_BOUND_MS = 48 * 3_600_000;
/**
 * RDS's LatestRestorableTime trails by about five minutes; an hour behind, continuous backups
 * have stopped.
 * @public
 */
export const CONTINUOUS_BACKUP_BOUND_MS = 3_600_000;

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
