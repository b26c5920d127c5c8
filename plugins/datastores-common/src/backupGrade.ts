import { BackupRequirements } from './backup';
import { BackupPosture } from './status';
import { durationText } from './statusRule';

/** What a reader observed of a datastore's backups, whatever the provider. @public */
export interface ObservedBackupFacts {
  /** Backups are configured and running (automated backups, a backup plugin, snapshots). */
  enabled: boolean;
  /** Observed retention; undefined when the provider's answer did not say. */
  retentionDays?: number;
  /** Observed point-in-time recovery (WAL archiving, RDS automated backups). */
  pitr?: boolean;
  /** Observed deletion protection, where the provider has it. */
  deletionProtection?: boolean;
  /** The latest point the data can be restored to, and how old it may be (its freshness bound). */
  latest?: { at?: string; boundMs: number; what: string };
  /** Problems the provider reports (failing WAL archiving, an instance in `storage-full`, ...). */
  failures: string[];
}

/** A graded posture and the reasons behind it. @public */
export interface BackupGrade {
  posture: BackupPosture;
  /** Why it is not `protected` (empty when it is). */
  reasons: string[];
}

/**
 * Grades observed backups against the policy's requirements, the same way for every provider:
 * off where required is `unprotected`; a known shortfall (retention below the minimum, no PITR
 * where required, deletion protection off, a restore point older than its bound, a reported
 * failure) is `at-risk`; a requirement the observation cannot prove is `unknown`; `protected`
 * only when everything required was observed and holds.
 * @public
 */
export function gradeBackup(
  facts: ObservedBackupFacts,
  requirements: BackupRequirements,
  now: Date,
): BackupGrade {
  const required =
    requirements.mode === 'continuous' || requirements.mode === 'scheduled';
  if (!facts.enabled) {
    return required
      ? {
          posture: 'unprotected',
          reasons: [
            `backups are off; the policy requires ${requirements.mode} backups`,
          ],
        }
      : { posture: 'not-required', reasons: [] };
  }
  const atRisk = [...facts.failures];
  const unproven: string[] = [];
  if (required) {
    if (facts.retentionDays === undefined) {
      unproven.push('the retention was not observed');
    } else if (facts.retentionDays < requirements.minRetentionDays) {
      atRisk.push(
        `kept ${facts.retentionDays} days, the policy requires at least ${requirements.minRetentionDays}`,
      );
    }
    if (requirements.pitr) {
      if (facts.pitr === undefined)
        unproven.push('point-in-time recovery was not observed');
      else if (!facts.pitr)
        atRisk.push('point-in-time recovery is off, the policy requires it');
    }
    if (requirements.deletionProtection) {
      if (facts.deletionProtection === undefined) {
        unproven.push('deletion protection was not observed');
      } else if (!facts.deletionProtection) {
        atRisk.push('deletion protection is off, the policy requires it');
      }
    }
  }
  if (facts.latest) {
    const at = facts.latest.at ? Date.parse(facts.latest.at) : Number.NaN;
    if (Number.isNaN(at)) {
      unproven.push(`no ${facts.latest.what} is reported yet`);
    } else if (now.getTime() - at > facts.latest.boundMs) {
      atRisk.push(
        `the ${facts.latest.what} is ${durationText(
          now.getTime() - at,
        )} old (at most ${durationText(facts.latest.boundMs)} expected)`,
      );
    }
  }
  if (atRisk.length)
    return { posture: 'at-risk', reasons: [...atRisk, ...unproven] };
  if (unproven.length) return { posture: 'unknown', reasons: unproven };
  return { posture: 'protected', reasons: [] };
}
