import {
  DEFAULT_POLICY,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';
import { declaredStatuses, withLifecycle } from './DatastoresService';

const record = (
  pr: Partial<ProvisioningRequestRecord['pullRequests'][number]>,
): ProvisioningRequestRecord => ({
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  engine: 'postgres',
  environments: ['production'],
  criticality: 'catastrophic',
  decisions: [
    {
      environment: 'production',
      strategy: 'managed',
      provider: 'rds',
      target: 'terraform',
      rationale: 'r',
    },
  ],
  pullRequests: [
    {
      target: 'terraform',
      repo: 'acme/infra-terraform',
      url: 'https://github.com/acme/infra-terraform/pull/1',
      number: 1,
      ...pr,
    },
  ],
  resources: ['resource:default/orders-main-production'],
});

const lifecycleOf = (request: ProvisioningRequestRecord) =>
  declaredStatuses({
    serviceName: 'orders',
    resources: [],
    requests: [
      {
        id: '1',
        request,
        createdBy: 't',
        createdAt: '2026-12-03T09:00:00.000Z',
        updatedAt: '2026-12-03T09:00:00.000Z',
      },
    ],
    policy: DEFAULT_POLICY,
  }).map(withLifecycle)[0].lifecycle!;

describe('the lifecycle on a status', () => {
  it("follows the environment's apply, and never says ready unobserved", () => {
    expect(lifecycleOf(record({ state: 'open' })).state).toBe('requested');
    const merged = lifecycleOf(
      record({ state: 'merged', mergedAt: '2026-12-03T09:10:00.000Z' }),
    );
    expect(merged.state).toBe('merged');
    expect(merged.steps[2]).toMatchObject({
      step: 'applied',
      status: 'current',
    });
    const applied = lifecycleOf(
      record({ state: 'merged', apply: { production: 'success' } }),
    );
    expect(applied.state).toBe('applied');
    expect(applied.steps[3].status).not.toBe('done');
    expect(
      lifecycleOf(record({ state: 'merged', apply: { production: 'failure' } }))
        .state,
    ).toBe('failed');
  });

  it('leaves change and decommission pull requests out of it', () => {
    const request = record({
      state: 'merged',
      apply: { production: 'success' },
    });
    request.pullRequests.push({
      target: 'terraform',
      repo: 'acme/infra-terraform',
      url: 'https://github.com/acme/infra-terraform/pull/2',
      number: 2,
      state: 'open',
      operation: 'change',
    });
    expect(lifecycleOf(request).state).toBe('applied');
  });
});
