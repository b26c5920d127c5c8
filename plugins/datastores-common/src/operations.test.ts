import {
  mergedRemovals,
  planChange,
  planDecommission,
  validateChangeInput,
  validateDecommissionInput,
  withoutEnvironments,
} from './operations';
import { ProvisioningRequestRecord } from './requests';

const record: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  engine: 'postgres',
  environments: ['production', 'preview'],
  criticality: 'reconstructable',
  size: 'small',
  decisions: [
    {
      environment: 'production',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      target: 'gitops',
      rationale: 'r',
    },
    {
      environment: 'preview',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      target: 'gitops',
      rationale: 'r',
    },
  ],
  pullRequests: [],
  resources: [
    'resource:default/orders-main-production',
    'resource:default/orders-main-preview',
  ],
};
const target = { service: 'component:default/orders', name: 'main' };
const AT = new Date('2026-12-03T10:00:00Z');

describe('validateChangeInput and validateDecommissionInput', () => {
  it('names every bad field and what it allows', () => {
    expect(() =>
      validateChangeInput({
        ...target,
        size: 'huge',
        environments: ['prod'],
        newName: 'Bad Name',
      }),
    ).toThrow(
      /environments must be a non-empty list of distinct environments among production, staging, preview, dev; got \["prod"\]; size must be one of small, medium, large; got "huge"; newName must be lower-case/,
    );
    expect(() => validateChangeInput('x')).toThrow(/input must be an object/);
  });

  it('wants the name typed again to decommission', () => {
    expect(() =>
      validateDecommissionInput({ ...target, confirmName: 'Main' }),
    ).toThrow(/confirmName must be the datastore's name, "main"/);
    expect(
      validateDecommissionInput({ ...target, confirmName: 'main' }),
    ).toMatchObject({ name: 'main', service: { name: 'orders' } });
  });
});

describe('planChange', () => {
  it('edits in place when every environment that stays keeps its strategy', () => {
    const plan = planChange(record, {
      ...validateChangeInput(target),
      size: 'large',
      environments: ['production', 'dev'],
    });
    expect(plan).toMatchObject({
      mode: 'in-place',
      added: ['dev'],
      removed: ['preview'],
      kept: ['production'],
    });
    if (plan.mode !== 'in-place') throw new Error('in place');
    expect(plan.request.size).toBe('large');
    // A reconstructable preview database has no backups: nothing to keep first.
    expect(plan.removedSteps.map(s => [s.environment, s.safeguard])).toEqual([
      ['preview', 'none'],
    ]);
  });

  it('replaces the datastore when the strategy changes, named <name>-<provider> unless told', () => {
    const plan = planChange(
      {
        ...record,
        environments: ['production'],
        decisions: [record.decisions[0]],
      },
      { ...validateChangeInput(target), criticality: 'catastrophic' },
    );
    expect(plan).toMatchObject({
      mode: 'replace',
      request: { name: 'main-rds', criticality: 'catastrophic' },
      changed: [
        { environment: 'production', from: 'cloudnative-pg', to: 'rds' },
      ],
    });
    expect(() =>
      planChange(record, {
        ...validateChangeInput(target),
        criticality: 'catastrophic',
      }),
    ).toThrow(/catastrophic data does not belong in a throw-away environment/);
    expect(() =>
      planChange(
        {
          ...record,
          environments: ['production'],
          decisions: [record.decisions[0]],
        },
        {
          ...validateChangeInput(target),
          criticality: 'catastrophic',
          newName: 'main',
        },
      ),
    ).toThrow(/newName must differ/);
  });

  it('refuses a change that changes nothing', () => {
    expect(() =>
      planChange(record, { ...validateChangeInput(target), size: 'small' }),
    ).toThrow(/Nothing to change/);
  });
});

describe('planDecommission', () => {
  it('keeps the data of what has backups first, and runs what the record says', () => {
    const { steps } = planDecommission(
      record,
      validateDecommissionInput({ ...target, confirmName: 'main' }),
      AT,
    );
    expect(steps.map(s => [s.environment, s.safeguard, s.backup])).toEqual([
      ['production', 'backup', 'orders-main-production-final-20261203'],
      ['preview', 'none', undefined],
    ]);
    const rds = planDecommission(
      {
        ...record,
        criticality: 'catastrophic',
        environments: ['production'],
        decisions: [
          {
            ...record.decisions[0],
            strategy: 'managed',
            provider: 'rds',
            target: 'terraform',
          },
        ],
      },
      validateDecommissionInput({ ...target, confirmName: 'main' }),
      AT,
    );
    expect(rds.steps[0]).toMatchObject({
      safeguard: 'final-snapshot',
      finalSnapshot: 'orders-main-production-final-20261203',
    });
  });

  it('refuses an environment the datastore does not have', () => {
    expect(() =>
      planDecommission(
        record,
        validateDecommissionInput({
          ...target,
          confirmName: 'main',
          environments: ['staging'],
        }),
        AT,
      ),
    ).toThrow(
      /environments must be among those of main .*\(production, preview\); got staging/,
    );
  });
});

describe('withoutEnvironments and mergedRemovals', () => {
  it('drops a removed environment everywhere, and the whole record with its last', () => {
    const removing = {
      ...record,
      decommission: {
        environments: ['preview' as const],
        requestedAt: AT.toISOString(),
      },
      pullRequests: [
        {
          target: 'gitops' as const,
          repo: 'acme/infra-gitops',
          url: 'https://github.com/acme/infra-gitops/pull/9',
          number: 9,
          state: 'merged' as const,
          operation: 'removal' as const,
          removes: ['preview' as const],
        },
      ],
    };
    expect(mergedRemovals(removing)).toEqual(['preview']);
    const left = withoutEnvironments(removing, ['preview'])!;
    expect(left.environments).toEqual(['production']);
    expect(left.resources).toEqual(['resource:default/orders-main-production']);
    expect(left.decisions.map(d => d.environment)).toEqual(['production']);
    expect(left.decommission).toBeUndefined();
    expect(mergedRemovals(left)).toEqual([]);
    expect(withoutEnvironments(left, ['production'])).toBeUndefined();
  });
});
