import {
  BackupRequirements,
  ObservedPosture,
  gradeBackup,
} from '@datastores/plugin-datastores-common';
import {
  CONTINUOUS_BACKUP_BOUND_MS,
  ObservedBackup,
  unconfigured,
} from '../../status/backup';
import { Readiness } from '../../status/readiness';

/** RDS instance states in which its automated backups keep working. */
const RDS_HEALTHY_STATES = new Set([
  'available',
  'backing-up',
  'modifying',
  'maintenance',
  'upgrading',
  'configuring-enhanced-monitoring',
  'configuring-log-exports',
  'renaming',
  'resetting-master-credentials',
  'storage-optimization',
]);
/** What `DescribeDBInstances` says of one instance (the fields the mapper reads). @public */
export interface RdsInstanceDescription {
  DBInstanceIdentifier?: string;
  DBInstanceStatus?: string;
  BackupRetentionPeriod?: number;
  DeletionProtection?: boolean;
  MultiAZ?: boolean;
  LatestRestorableTime?: Date | string;
}

function iso(value: Date | string | undefined): string | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The observed posture of an RDS instance: automated backups are on when
 * `BackupRetentionPeriod > 0`, and then point-in-time recovery works up to
 * `LatestRestorableTime`; the window starts `BackupRetentionPeriod` days earlier.
 * @public
 */
export function backupFromRdsInstance(input: {
  instance: RdsInstanceDescription;
  requirements: BackupRequirements;
  now: Date;
}): ObservedBackup {
  const { instance, requirements, now } = input;
  const retentionDays = instance.BackupRetentionPeriod ?? 0;
  const enabled = retentionDays > 0;
  const observed: ObservedPosture = {
    backupsEnabled: enabled,
    retentionDays,
    pitr: enabled,
    ...(instance.DeletionProtection !== undefined
      ? { deletionProtection: instance.DeletionProtection }
      : {}),
    ...(instance.MultiAZ !== undefined ? { multiAz: instance.MultiAZ } : {}),
  };
  if (!enabled) {
    return {
      ...unconfigured(requirements, 'Automated backups are off in AWS'),
      observed,
    };
  }
  const latest = iso(instance.LatestRestorableTime);
  const state = instance.DBInstanceStatus;
  const failures: string[] = [];
  if (!state) failures.push('AWS did not report the instance state');
  else if (!RDS_HEALTHY_STATES.has(state))
    failures.push(`the instance is ${state}`);
  const grade = gradeBackup(
    {
      enabled: true,
      retentionDays,
      pitr: true,
      ...(instance.DeletionProtection !== undefined
        ? { deletionProtection: instance.DeletionProtection }
        : {}),
      latest: {
        at: latest,
        boundMs: CONTINUOUS_BACKUP_BOUND_MS,
        what: 'latest restorable time',
      },
      failures,
    },
    requirements,
    now,
  );
  const recoverableFrom = new Date(
    now.getTime() - retentionDays * 86_400_000,
  ).toISOString();
  return {
    backup: {
      posture: grade.posture,
      retentionDays,
      pitr: true,
      ...(latest ? { lastBackupAt: latest } : {}),
      recoverableFrom,
      detail: `Observed in AWS (${
        state ?? 'unknown state'
      }): automated backups kept ${retentionDays} days, restorable up to ${
        latest ?? 'an unknown time'
      }${
        grade.reasons.length
          ? `. ${
              grade.posture === 'unknown' ? 'Not proven' : 'At risk'
            }: ${grade.reasons.join('; ')}`
          : ''
      }.`,
    },
    observed,
  };
}

/** RDS instance states in which it serves. */
const RDS_SERVING = new Set([
  'available',
  'backing-up',
  'modifying',
  'maintenance',
  'storage-optimization',
]);

/** The readiness of an RDS instance by `DBInstanceStatus`. @public */
export function readinessFromRdsStatus(state: string | undefined): Readiness {
  if (!state)
    return {
      state: 'unknown',
      message: 'AWS did not report the instance state.',
    };
  return RDS_SERVING.has(state)
    ? { state: 'ready', phase: state }
    : {
        state: 'not-ready',
        phase: state,
        message: `The RDS instance is ${state}.`,
      };
}
