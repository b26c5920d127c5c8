import { Criticality, Environment } from './model';

/** How a datastore must be backed up. @public */
export interface BackupRequirements {
  /**
   * `continuous`: automated backups with point-in-time recovery; `scheduled`: periodic backups;
   * `optional`: backups are the team's call; `none`: no backups.
   */
  mode: 'continuous' | 'scheduled' | 'optional' | 'none';
  pitr: boolean;
  /** Shortest acceptable retention; 0 when backups are not required. */
  minRetentionDays: number;
  deletionProtection: boolean;
  finalSnapshot: boolean;
  multiAz: boolean;
  /** One sentence for people. */
  summary: string;
}

/** The shortest retention the product accepts for data that must not be lost. @public */
export const MIN_RETENTION_DAYS = 7;

/**
 * What losing the data would cost decides how it is backed up.
 * @public
 */
export function backupRequirements(
  criticality: Criticality,
  environment: Environment,
): BackupRequirements {
  if (criticality === 'catastrophic') {
    const multiAz = environment === 'production';
    return {
      mode: 'continuous',
      pitr: true,
      minRetentionDays: MIN_RETENTION_DAYS,
      deletionProtection: true,
      finalSnapshot: true,
      multiAz,
      summary: `Automated backups with point-in-time recovery, kept at least ${MIN_RETENTION_DAYS} days; deletion protection and a final snapshot${
        multiAz ? '; Multi-AZ' : ''
      }.`,
    };
  }
  if (criticality === 'reconstructable') {
    const scheduled = environment === 'production' || environment === 'staging';
    return {
      mode: scheduled ? 'scheduled' : 'optional',
      pitr: false,
      minRetentionDays: scheduled ? MIN_RETENTION_DAYS : 0,
      deletionProtection: false,
      finalSnapshot: false,
      multiAz: false,
      summary: scheduled
        ? `Scheduled backups, kept at least ${MIN_RETENTION_DAYS} days, so a rebuild is not the only way back.`
        : 'Backups are optional: the data can be rebuilt.',
    };
  }
  return {
    mode: 'none',
    pitr: false,
    minRetentionDays: 0,
    deletionProtection: false,
    finalSnapshot: false,
    multiAz: false,
    summary: 'No backups: the data is recreated from fixtures.',
  };
}
