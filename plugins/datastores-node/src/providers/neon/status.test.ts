import { backupRequirements } from '@datastores/plugin-datastores-common';
import { backupFromNeonProject, readinessFromNeonBranch } from './status';

const now = new Date('2026-11-20T12:00:00Z');
const critical = backupRequirements('catastrophic', 'production');
const ephemeral = backupRequirements('ephemeral', 'dev');
const DAY = 86_400;

function project(
  historyRetentionSeconds?: number,
  state = 'ready',
  defaultBranchProtected: boolean | undefined = true,
) {
  return {
    id: 'shiny-wind-028834',
    name: 'orders-main-production',
    historyRetentionSeconds,
    defaultBranchState: state,
    defaultBranchProtected,
  };
}

describe('backupFromNeonProject', () => {
  it('is protected when the observed history covers the policy (7 days >= 7)', () => {
    const { backup, observed } = backupFromNeonProject({
      project: project(7 * DAY),
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('protected');
    expect(backup.retentionDays).toBe(7);
    expect(backup.pitr).toBe(true);
    expect(backup.recoverableFrom).toBe('2026-11-13T12:00:00.000Z');
    expect(backup.detail).toBe(
      'Observed in Neon: history kept 7 days (restore to any point within it).',
    );
    expect(observed).toEqual({
      backupsEnabled: true,
      retentionDays: 7,
      pitr: true,
      deletionProtection: true,
    });
  });

  it('grades deletion protection by the protected default branch: off is at risk, unreported unknown', () => {
    expect(
      backupFromNeonProject({
        project: project(7 * DAY, 'ready', false),
        requirements: critical,
        now,
      }).backup,
    ).toMatchObject({
      posture: 'at-risk',
      detail: expect.stringContaining('deletion protection is off'),
    });
    expect(
      backupFromNeonProject({
        project: { ...project(7 * DAY), defaultBranchProtected: undefined },
        requirements: critical,
        now,
      }).backup,
    ).toMatchObject({
      posture: 'unknown',
      detail: expect.stringContaining('deletion protection was not observed'),
    });
  });

  it('is at risk when the history is shorter than catastrophic data needs (1 day < 7)', () => {
    const { backup, observed } = backupFromNeonProject({
      project: project(DAY),
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('at-risk');
    expect(backup.retentionDays).toBe(1);
    expect(backup.detail).toBe(
      'Observed in Neon: history kept 1 day (restore to any point within it). At risk: kept 1 days, the policy requires at least 7.',
    );
    expect(observed.retentionDays).toBe(1);
  });

  it('does not round a window up to the minimum', () => {
    const { backup } = backupFromNeonProject({
      project: project(7 * DAY - 1),
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('at-risk');
    expect(backup.retentionDays).toBe(6.99);
  });

  it('names a window shorter than a day in hours', () => {
    const { backup } = backupFromNeonProject({
      project: project(6 * 3600),
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('at-risk');
    expect(backup.retentionDays).toBe(0.25);
    expect(backup.detail).toContain('history kept 6 hours');
  });

  it('is unknown when Neon did not report the retention', () => {
    const { backup, observed } = backupFromNeonProject({
      project: project(undefined),
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('unknown');
    expect(backup.retentionDays).toBeUndefined();
    expect(backup.recoverableFrom).toBeUndefined();
    expect(backup.detail).toBe(
      'Observed in Neon: the history retention was not reported. Not proven: the retention was not observed.',
    );
    expect(observed.retentionDays).toBeUndefined();
  });

  it('is at risk when the default branch is not ready', () => {
    const { backup } = backupFromNeonProject({
      project: project(30 * DAY, 'resetting'),
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('at-risk');
    expect(backup.detail).toBe(
      'Observed in Neon: history kept 30 days (restore to any point within it). At risk: the default branch is being reset to a point in time (not ready).',
    );
    expect(
      backupFromNeonProject({
        project: project(undefined, 'init'),
        requirements: critical,
        now,
      }).backup.posture,
    ).toBe('at-risk');
  });

  it('is unprotected when no history is kept and backups are required', () => {
    const { backup, observed } = backupFromNeonProject({
      project: project(0),
      requirements: critical,
      now,
    });
    expect(backup.posture).toBe('unprotected');
    expect(backup.pitr).toBe(false);
    expect(observed).toEqual({
      backupsEnabled: false,
      retentionDays: 0,
      pitr: false,
      deletionProtection: true,
    });
    expect(
      backupFromNeonProject({
        project: project(0),
        requirements: ephemeral,
        now,
      }).backup.posture,
    ).toBe('not-required');
  });
});

describe('readinessFromNeonBranch', () => {
  it('maps the default branch state', () => {
    expect(readinessFromNeonBranch('ready')).toEqual({
      state: 'ready',
      phase: 'ready',
    });
    expect(readinessFromNeonBranch('init')).toEqual({
      state: 'not-ready',
      phase: 'init',
      message: 'The default branch is being created.',
    });
    expect(readinessFromNeonBranch('archived').state).toBe('not-ready');
    expect(readinessFromNeonBranch(undefined)).toEqual({
      state: 'unknown',
      message: "Neon did not report the default branch's state.",
    });
  });
});
