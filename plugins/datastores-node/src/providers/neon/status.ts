import {
  BackupRequirements,
  ObservedPosture,
  gradeBackup,
} from '@datastores/plugin-datastores-common';
import { ObservedBackup } from '../../status/backup';
import { Readiness } from '../../status/readiness';

/**
 * What Neon's API says of one project (the fields the mappers read): `GET /projects/{id}`
 * (`project.history_retention_seconds`, the restore window) and `GET /projects/{id}/branches`
 * (the `current_state` of the branch with `default: true`).
 * @public
 */
export interface NeonProjectDescription {
  id: string;
  name: string;
  /** `history_retention_seconds`: how far back any point can be restored; undefined: not reported. */
  historyRetentionSeconds?: number;
  /** The default branch's `current_state` (`ready`, `init`, `resetting`, `archived`, ...). */
  defaultBranchState?: string;
  /** Whether the default branch is protected (Neon's guard against deleting it). */
  defaultBranchProtected?: boolean;
}

const DAY_SECONDS = 86_400;

/** Observed days, rounded down to a hundredth: 604 799 s is not 7 days. */
function retentionDaysOf(seconds: number): number {
  return Math.floor((seconds / DAY_SECONDS) * 100) / 100;
}

/** "7 days", "1 day", "6 hours", "1.5 days": the restore window, for people. */
function windowText(seconds: number): string {
  if (seconds < DAY_SECONDS) {
    const hours = Math.floor((seconds / 3600) * 10) / 10;
    return `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  const days = retentionDaysOf(seconds);
  return `${days} day${days === 1 ? '' : 's'}`;
}

const BRANCH_STATES: Record<string, string> = {
  init: 'is being created',
  resetting: 'is being reset to a point in time',
  archived: 'is archived',
};

function branchProblem(state: string): string {
  return `the default branch ${
    BRANCH_STATES[state] ?? `is ${state}`
  } (not ready)`;
}

/**
 * The observed backup posture of a Neon project. Neon keeps the history of every branch for
 * `history_retention_seconds` and restores any point within it, so this is continuous
 * point-in-time recovery with that window: no history (0 seconds) is no backup, a window
 * shorter than the policy's minimum is `at-risk`, an unreported window is `unknown`, and a
 * default branch that is not `ready` is a failure. Graded with `gradeBackup` like every provider.
 * Deletion protection is the default branch's `protected` flag (the module sets
 * `default_branch_protected`); not reported, it is unproven.
 * @public
 */
export function backupFromNeonProject(input: {
  project: NeonProjectDescription;
  requirements: BackupRequirements;
  now: Date;
}): ObservedBackup {
  const { project, requirements, now } = input;
  const seconds =
    typeof project.historyRetentionSeconds === 'number' &&
    Number.isFinite(project.historyRetentionSeconds)
      ? Math.max(0, project.historyRetentionSeconds)
      : undefined;
  const retentionDays =
    seconds === undefined ? undefined : retentionDaysOf(seconds);
  const enabled = seconds !== 0;
  const pitr = enabled;
  const state = project.defaultBranchState;
  const failures =
    state !== undefined && state !== 'ready' ? [branchProblem(state)] : [];
  const grade = gradeBackup(
    {
      enabled,
      retentionDays,
      pitr,
      ...(project.defaultBranchProtected !== undefined
        ? { deletionProtection: project.defaultBranchProtected }
        : {}),
      failures,
    },
    requirements,
    now,
  );
  const observed: ObservedPosture = {
    backupsEnabled: enabled,
    ...(retentionDays !== undefined ? { retentionDays } : {}),
    pitr,
    ...(project.defaultBranchProtected !== undefined
      ? { deletionProtection: project.defaultBranchProtected }
      : {}),
  };
  if (!enabled) {
    return {
      backup: {
        posture: grade.posture,
        retentionDays: 0,
        pitr: false,
        detail:
          grade.posture === 'not-required'
            ? 'Observed in Neon: no history is kept (history_retention_seconds is 0): not required.'
            : `Observed in Neon: no history is kept (history_retention_seconds is 0); the policy requires ${requirements.mode} backups.`,
      },
      observed,
    };
  }
  const kept =
    seconds === undefined
      ? 'Observed in Neon: the history retention was not reported'
      : `Observed in Neon: history kept ${windowText(
          seconds,
        )} (restore to any point within it)`;
  const reasons = grade.reasons.length
    ? `. ${
        grade.posture === 'at-risk' ? 'At risk' : 'Not proven'
      }: ${grade.reasons.join('; ')}`
    : '';
  return {
    backup: {
      posture: grade.posture,
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      pitr: true,
      ...(seconds !== undefined
        ? {
            recoverableFrom: new Date(
              now.getTime() - seconds * 1000,
            ).toISOString(),
          }
        : {}),
      detail: `${kept}${reasons}.`,
    },
    observed,
  };
}

/**
 * The readiness of a Neon project by its default branch's `current_state`: `ready` serves;
 * `init` (being created), `resetting` (being restored) and `archived` do not, or not yet.
 * @public
 */
export function readinessFromNeonBranch(state?: string): Readiness {
  if (!state) {
    return {
      state: 'unknown',
      message: "Neon did not report the default branch's state.",
    };
  }
  if (state === 'ready') return { state: 'ready', phase: state };
  return {
    state: 'not-ready',
    phase: state,
    message: `The default branch ${BRANCH_STATES[state] ?? `is ${state}`}.`,
  };
}
