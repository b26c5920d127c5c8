import {
  DEFAULT_POLICY,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';
import { StoredRequest } from '../database/RequestStore';
import { declaredStatuses } from './DatastoresService';

const pr = (
  number: number,
  extra: Partial<ProvisioningRequestRecord['pullRequests'][number]> = {},
) => ({
  target: 'terraform' as const,
  repo: 'acme/infra-terraform',
  url: `https://github.com/acme/infra-terraform/pull/${number}`,
  number,
  state: 'merged' as const,
  ...extra,
});

const base: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  engine: 'postgres',
  environments: ['production'],
  criticality: 'reconstructable',
  size: 'medium',
  decisions: [
    {
      environment: 'production',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      target: 'gitops',
      rationale: 'r',
    },
  ],
  pullRequests: [pr(1)],
  resources: ['resource:default/orders-main-production'],
};

const stored = (request: ProvisioningRequestRecord): StoredRequest => ({
  id: request.name,
  request,
  createdBy: 'test',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-02T00:00:00.000Z',
});

const statuses = (requests: ProvisioningRequestRecord[]) =>
  declaredStatuses({
    serviceName: 'orders',
    resources: [],
    requests: requests.map(stored),
    policy: DEFAULT_POLICY,
  });

describe('the day-2 fields of a status', () => {
  it('shows the size, and nothing of a decommission or a replacement when there is none', () => {
    const [main] = statuses([base]);
    expect(main.size).toBe('medium');
    expect(main.decommissioning).toBeUndefined();
    expect(main.replaces).toBeUndefined();
    expect(main.replacedBy).toBeUndefined();
  });

  it('shows a decommission in its safeguard phase, then in its removal', () => {
    const decommission = {
      environments: ['production' as const],
      requestedAt: '2026-12-03T10:00:00.000Z',
      backups: { production: 'orders-main-production-final-20261203' },
    };
    const [safeguard] = statuses([
      {
        ...base,
        decommission,
        pullRequests: [pr(1), pr(2, { operation: 'safeguard', state: 'open' })],
      },
    ]);
    expect(safeguard.decommissioning).toEqual({
      phase: 'safeguard',
      requestedAt: '2026-12-03T10:00:00.000Z',
      backup: 'orders-main-production-final-20261203',
    });
    expect(safeguard.pullRequests.map(p => p.operation)).toEqual([
      undefined,
      'safeguard',
    ]);
    const [removal] = statuses([
      {
        ...base,
        decommission,
        pullRequests: [
          pr(1),
          pr(2, { operation: 'safeguard' }),
          pr(3, {
            operation: 'removal',
            removes: ['production'],
            state: 'open',
          }),
        ],
      },
    ]);
    expect(removal.decommissioning?.phase).toBe('removal');
  });

  it('links a replacement and the datastore it replaces, both ways', () => {
    const replacement: ProvisioningRequestRecord = {
      ...base,
      name: 'main-rds',
      criticality: 'catastrophic',
      replaces: 'main',
      decisions: [
        {
          environment: 'production',
          strategy: 'managed',
          provider: 'rds',
          target: 'terraform',
          rationale: 'r',
        },
      ],
      pullRequests: [pr(4, { operation: 'replace', state: 'open' })],
      resources: ['resource:default/orders-main-rds-production'],
    };
    const [old, next] = statuses([base, replacement]);
    expect(old.replacedBy).toBe('resource:default/orders-main-rds-production');
    expect(next.replaces).toBe('resource:default/orders-main-production');
    // A replacement whose old datastore is gone links nothing.
    const [alone] = statuses([replacement]);
    expect(alone.replaces).toBeUndefined();
  });

  it('a closed change leaves the datastore as it was; a closed provision means nothing was created', () => {
    const [changed] = statuses([
      {
        ...base,
        pullRequests: [pr(1), pr(2, { operation: 'change', state: 'closed' })],
      },
    ]);
    expect(changed.backup.detail).not.toContain('closed');
    const [never] = statuses([
      { ...base, pullRequests: [pr(1, { state: 'closed' })] },
    ]);
    expect(never.secretSync.message).toContain('closed without being merged');
  });
});
