import { backupRequirements } from './backup';
import { gradeBackup } from './backupGrade';
import { checkCompliance } from './compliance';
import {
  BACKUP_POSTURE_ORDER,
  READINESS_ORDER,
  SECRET_SYNC_ORDER,
  durationText,
  staleness,
  worstOf,
} from './statusRule';

const now = new Date('2026-11-20T12:00:00Z');

describe('the status rule', () => {
  it('takes the worst of several observations, and keeps where it came from', () => {
    const observations = [
      { status: 'synced' as const, source: 'cluster a' },
      { status: 'error' as const, source: 'cluster b' },
      { status: 'unknown' as const, source: 'cluster c' },
    ];
    expect(worstOf(observations, 'status', SECRET_SYNC_ORDER)).toEqual({
      status: 'error',
      source: 'cluster b',
    });
    expect(
      worstOf(
        [{ posture: 'protected' as const }, { posture: 'unknown' as const }],
        'posture',
        BACKUP_POSTURE_ORDER,
      )?.posture,
    ).toBe('unknown');
    expect(
      worstOf(
        [{ state: 'ready' as const }, { state: 'declared' as const }],
        'state',
        READINESS_ORDER,
      )?.state,
    ).toBe('declared');
    expect(worstOf([], 'state', READINESS_ORDER)).toBeUndefined();
  });

  it('ranks declared below every observed good state, and unknown below declared', () => {
    expect(BACKUP_POSTURE_ORDER.indexOf('unknown')).toBeLessThan(
      BACKUP_POSTURE_ORDER.indexOf('declared'),
    );
    expect(BACKUP_POSTURE_ORDER.indexOf('declared')).toBeLessThan(
      BACKUP_POSTURE_ORDER.indexOf('protected'),
    );
  });

  it('turns an observation past its bound stale, with its age', () => {
    expect(staleness('2026-11-20T11:59:00Z', 120_000, now)).toBeUndefined();
    expect(staleness('2026-11-20T11:50:00Z', 120_000, now)).toBe(
      'last seen 10 minutes ago',
    );
    expect(staleness(undefined, 120_000, now)).toBe('no observation time');
    expect(durationText(3 * 86_400_000)).toBe('3 days');
  });
});

describe('gradeBackup', () => {
  const rebuildable = backupRequirements('reconstructable', 'production');
  const critical = backupRequirements('catastrophic', 'production');
  const fresh = {
    at: '2026-11-20T11:00:00Z',
    boundMs: 48 * 3_600_000,
    what: 'last base backup',
  };
  it('is protected only when every requirement was observed and holds', () => {
    expect(
      gradeBackup(
        { enabled: true, retentionDays: 7, latest: fresh, failures: [] },
        rebuildable,
        now,
      ).posture,
    ).toBe('protected');
    expect(
      gradeBackup(
        {
          enabled: true,
          retentionDays: 7,
          pitr: true,
          deletionProtection: true,
          latest: fresh,
          failures: [],
        },
        critical,
        now,
      ).posture,
    ).toBe('protected');
  });
  it('is unknown when a requirement was not observed', () => {
    expect(
      gradeBackup(
        { enabled: true, latest: fresh, failures: [] },
        rebuildable,
        now,
      ),
    ).toEqual({
      posture: 'unknown',
      reasons: ['the retention was not observed'],
    });
    expect(
      gradeBackup(
        { enabled: true, retentionDays: 7, latest: fresh, failures: [] },
        critical,
        now,
      ).posture,
    ).toBe('unknown');
  });
  it('is at risk on a known shortfall, and unprotected when off where required', () => {
    expect(
      gradeBackup(
        { enabled: true, retentionDays: 2, latest: fresh, failures: [] },
        rebuildable,
        now,
      ).posture,
    ).toBe('at-risk');
    expect(
      gradeBackup(
        {
          enabled: true,
          retentionDays: 7,
          latest: fresh,
          failures: ['WAL archiving is failing'],
        },
        rebuildable,
        now,
      ).posture,
    ).toBe('at-risk');
    expect(
      gradeBackup({ enabled: false, failures: [] }, rebuildable, now).posture,
    ).toBe('unprotected');
    expect(
      gradeBackup(
        { enabled: false, failures: [] },
        backupRequirements('ephemeral', 'dev'),
        now,
      ).posture,
    ).toBe('not-required');
  });
});

describe('checkCompliance with what was not observed', () => {
  const datastore = {
    kind: 'database' as const,
    environment: 'production' as const,
    criticality: 'reconstructable' as const,
    strategy: 'self-hosted' as const,
    provider: 'cloudnative-pg' as const,
  };
  it('is unknown, never complies, while the backups it requires are not observed', () => {
    expect(
      checkCompliance(datastore, {}, undefined, 'backups are unknown'),
    ).toEqual({
      state: 'unknown',
      compliant: false,
      violations: [],
      reason: 'backups are unknown',
    });
    expect(
      checkCompliance(datastore, { backupsEnabled: true, retentionDays: 7 })
        .state,
    ).toBe('complies');
    expect(
      checkCompliance(
        datastore,
        { backupsEnabled: true, retentionDays: 2 },
        undefined,
        'x',
      ).state,
    ).toBe('violates');
  });
});
