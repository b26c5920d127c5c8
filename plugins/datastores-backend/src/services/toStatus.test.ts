import {
  DEFAULT_POLICY,
  DatastorePullRequest,
  DatastoreStatus,
} from '@datastores/plugin-datastores-common';
import { DECLARED_NOT_APPLIED, toStatus } from './toStatus';

const managedProduction = {
  entityRef: 'resource:default/orders-events-production',
  name: 'events',
  kind: 'database',
  engine: 'postgres',
  environment: 'production',
  criticality: 'catastrophic',
  strategy: 'managed',
  provider: 'rds',
} as const;

const openPr: DatastorePullRequest = {
  url: 'https://github.com/acme/infra/pull/4',
  repo: 'acme/infra',
  number: 4,
  state: 'open',
  checks: 'pending',
};

function status(
  described: Parameters<typeof toStatus>[0],
  inCatalog: boolean,
  pullRequests: DatastorePullRequest[] = [openPr],
): DatastoreStatus {
  return toStatus(described, {
    inCatalog,
    serviceName: 'orders',
    pullRequests,
    policy: DEFAULT_POLICY,
  });
}

describe('toStatus', () => {
  it("says a requested RDS datastore's backups are declared, not applied yet; never protected", () => {
    const { backup } = status(managedProduction, false);
    expect(backup).toMatchObject({
      posture: 'declared',
      retentionDays: 7,
      pitr: true,
    });
    expect(backup.detail.startsWith(`${DECLARED_NOT_APPLIED}:`)).toBe(true);
    expect(backup.detail).toContain(
      'Automated backups with point-in-time recovery',
    );
    expect(backup.detail).toContain('Terraform repo');
    expect(backup.posture).not.toBe('protected');
    expect(backup).not.toHaveProperty('observedAt');
  });

  it('says the same of a requested self-hosted datastore whose pull request declares backups', () => {
    const { backup } = status(
      {
        ...managedProduction,
        entityRef: 'resource:default/orders-catalog-production',
        criticality: 'reconstructable',
        strategy: 'self-hosted',
        provider: 'cloudnative-pg',
      },
      false,
    );
    expect(backup.posture).toBe('declared');
    expect(backup.detail.startsWith(`${DECLARED_NOT_APPLIED}:`)).toBe(true);
    expect(backup.detail).toContain('GitOps repo');
  });

  it('keeps backups unknown when the pull request was closed: nothing will be applied', () => {
    const { backup } = status(managedProduction, false, [
      { ...openPr, state: 'closed' },
    ]);
    expect(backup.posture).toBe('unknown');
    expect(backup.detail).toMatch(/closed without being merged/);
  });

  it('keeps "not required" for a requested datastore that needs no backups', () => {
    const { backup } = status(
      {
        ...managedProduction,
        environment: 'preview',
        criticality: 'ephemeral',
        strategy: 'self-hosted',
        provider: 'cloudnative-pg',
      },
      false,
    );
    expect(backup.posture).toBe('not-required');
  });

  it('leaves a datastore in the catalog declared in Terraform, with no "not applied yet"', () => {
    const { backup } = status(managedProduction, true, []);
    expect(backup.posture).toBe('declared');
    expect(backup.detail).toMatch(/^Declared in Terraform/);
    expect(backup.detail).not.toContain(DECLARED_NOT_APPLIED);
  });

  it('carries the rule that decided, and its reason, for the tab to say in words', () => {
    const { decision } = status(managedProduction, true, []);
    expect(decision).toEqual({
      rationale: expect.stringMatching(/^Rule 4 \(catastrophic-is-managed\)/),
      rule: 'catastrophic-is-managed',
      ruleNumber: 4,
      reason: expect.stringMatching(/^losing the data would be catastrophic/),
    });
  });

  it('carries only the refusal when the policy refuses what is declared', () => {
    const { decision } = status(
      { ...managedProduction, criticality: 'ephemeral' },
      true,
      [],
    );
    expect(decision.rule).toBeUndefined();
    expect(decision.rationale).toMatch(/production-databases-not-ephemeral/);
  });
});
