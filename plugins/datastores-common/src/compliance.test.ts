import { checkCompliance } from './compliance';
import { defaultPolicy } from './policy';

const managedProduction = {
  kind: 'database',
  engine: 'postgres',
  environment: 'production',
  criticality: 'catastrophic',
  strategy: 'managed',
  provider: 'rds',
} as const;

describe('checkCompliance', () => {
  it('passes a datastore run as the policy says, when nothing was observed', () => {
    expect(checkCompliance(managedProduction)).toEqual({
      state: 'complies',
      compliant: true,
      violations: [],
    });
  });

  it('passes an observed posture that meets the requirements', () => {
    expect(
      checkCompliance(managedProduction, {
        backupsEnabled: true,
        retentionDays: 14,
        pitr: true,
        deletionProtection: true,
        multiAz: true,
      }).compliant,
    ).toBe(true);
  });

  it('flags catastrophic data that is self-hosted', () => {
    expect(
      checkCompliance({
        ...managedProduction,
        strategy: 'self-hosted',
        provider: 'cloudnative-pg',
      }),
    ).toEqual({
      state: 'violates',
      compliant: false,
      violations: [
        {
          id: 'strategy',
          message:
            'catastrophic data is self-hosted; the policy requires managed (rds)',
        },
      ],
    });
  });

  it('flags a provider the policy does not choose', () => {
    expect(
      checkCompliance({ ...managedProduction, provider: 'neon' }).violations,
    ).toEqual([
      { id: 'provider', message: 'runs on neon; the policy chooses rds' },
    ]);
    expect(
      checkCompliance(
        { ...managedProduction, provider: 'neon' },
        {},
        defaultPolicy({ managedPostgresProvider: 'neon' }),
      ).compliant,
    ).toBe(true);
  });

  it('flags every observed shortfall of the backup posture', () => {
    expect(
      checkCompliance(managedProduction, {
        backupsEnabled: false,
        retentionDays: 3,
        pitr: false,
        deletionProtection: false,
        multiAz: false,
      }).violations.map(v => v.id),
    ).toEqual([
      'backups',
      'retention',
      'pitr',
      'deletion-protection',
      'multi-az',
    ]);
    expect(
      checkCompliance(managedProduction, { retentionDays: 3 }).violations,
    ).toEqual([
      {
        id: 'retention',
        message: 'backups are kept 3 days; the policy requires at least 7',
      },
    ]);
  });

  it('does not require Multi-AZ or PITR where the policy does not', () => {
    expect(
      checkCompliance(
        { ...managedProduction, environment: 'staging' },
        { multiAz: false },
      ).compliant,
    ).toBe(true);
    expect(
      checkCompliance(
        {
          kind: 'cache',
          environment: 'production',
          criticality: 'reconstructable',
          strategy: 'self-hosted',
          provider: 'dragonfly',
        },
        { pitr: false, retentionDays: 7 },
      ).compliant,
    ).toBe(true);
  });

  it('does not grade the backups of ephemeral data', () => {
    expect(
      checkCompliance(
        {
          kind: 'database',
          environment: 'preview',
          criticality: 'ephemeral',
          strategy: 'self-hosted',
          provider: 'cloudnative-pg',
        },
        { backupsEnabled: false, retentionDays: 0 },
      ).compliant,
    ).toBe(true);
  });

  it('flags a datastore the policy refuses outright', () => {
    expect(
      checkCompliance({
        kind: 'database',
        environment: 'production',
        criticality: 'ephemeral',
        strategy: 'self-hosted',
        provider: 'cloudnative-pg',
      }),
    ).toEqual({
      state: 'violates',
      compliant: false,
      violations: [
        {
          id: 'refused',
          message: expect.stringContaining(
            'production user data is never ephemeral',
          ),
        },
      ],
    });
  });
});
