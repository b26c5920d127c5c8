import { aDatastore, aDecision } from '../../../fixtures/fixtures';
import {
  changeOutcome,
  createsManagedProduction,
  currentDatastore,
  readChangeInput,
} from './changeOutcome';

// A reconstructable users database, self-hosted on CloudNativePG in production and dev.
const rows = [
  aDatastore({
    criticality: 'reconstructable',
    strategy: 'self-hosted',
    provider: 'cloudnative-pg',
    size: 'small',
  }),
  aDatastore({
    entityRef: 'resource:default/orders-users-dev',
    environment: 'dev',
    criticality: 'reconstructable',
    strategy: 'self-hosted',
    provider: 'cloudnative-pg',
    size: 'small',
  }),
  aDatastore({ entityRef: 'resource:default/orders-cache-dev', name: 'cache' }),
];
const current = currentDatastore(rows, 'users')!;
const selfHosted = (environment: 'production' | 'staging' | 'dev') =>
  aDecision({
    environment,
    criticality: 'reconstructable',
    strategy: 'self-hosted',
    provider: 'cloudnative-pg',
    target: 'gitops',
  });

describe('currentDatastore', () => {
  it('gathers the rows of one name: kind, engine, size, criticality, each environment as it runs', () => {
    expect(current).toEqual({
      name: 'users',
      kind: 'database',
      engine: 'postgres',
      criticality: 'reconstructable',
      size: 'small',
      environments: [
        {
          environment: 'production',
          strategy: 'self-hosted',
          provider: 'cloudnative-pg',
        },
        {
          environment: 'dev',
          strategy: 'self-hosted',
          provider: 'cloudnative-pg',
        },
      ],
    });
  });

  it('is undefined for a name the service does not have', () => {
    expect(currentDatastore(rows, 'sessions')).toBeUndefined();
  });
});

describe('readChangeInput', () => {
  it('keeps the kind and engine, takes the answers, and the size as it is when not answered', () => {
    expect(
      readChangeInput(
        { environments: ['dev', 'production'], criticality: 'catastrophic' },
        current,
      ),
    ).toEqual({
      input: {
        kind: 'database',
        engine: 'postgres',
        environments: ['production', 'dev'],
        criticality: 'catastrophic',
        size: 'small',
      },
    });
  });

  it('says what is still missing', () => {
    expect(readChangeInput({ environments: [] }, current)).toEqual({
      missing: ['at least one environment', 'the data criticality'],
    });
  });
});

describe('changeOutcome', () => {
  const input = (overrides: object = {}) => ({
    kind: 'database' as const,
    engine: 'postgres' as const,
    environments: ['production' as const, 'dev' as const],
    criticality: 'reconstructable' as const,
    size: 'small' as const,
    ...overrides,
  });

  it('resizes in place', () => {
    expect(
      changeOutcome(current, input({ size: 'large' }), [
        selfHosted('production'),
        selfHosted('dev'),
      ]),
    ).toEqual({
      mode: 'in-place',
      added: [],
      removed: [],
      size: { from: 'small', to: 'large' },
    });
  });

  it('adds and removes environments in place', () => {
    expect(
      changeOutcome(
        current,
        input({ environments: ['production', 'staging'] }),
        [selfHosted('production'), selfHosted('staging')],
      ),
    ).toEqual({
      mode: 'in-place',
      added: ['staging'],
      removed: ['dev'],
    });
  });

  it('replaces it when a kept environment changes strategy, named after the new provider by default', () => {
    const decisions = [aDecision(), selfHosted('dev')];
    const outcome = changeOutcome(
      current,
      input({ criticality: 'catastrophic' }),
      decisions,
    );
    expect(outcome).toEqual({
      mode: 'replace',
      newName: 'users-rds',
      changed: [
        {
          environment: 'production',
          from: { strategy: 'self-hosted', provider: 'cloudnative-pg' },
          to: { strategy: 'managed', provider: 'rds' },
        },
      ],
    });
    expect(createsManagedProduction(outcome, decisions)).toBe(true);
    expect(
      changeOutcome(
        current,
        input({ criticality: 'catastrophic' }),
        decisions,
        'users-v2',
      ),
    ).toMatchObject({ mode: 'replace', newName: 'users-v2' });
  });

  it('changes nothing when the answers are the datastore as it is', () => {
    expect(
      changeOutcome(current, input(), [
        selfHosted('production'),
        selfHosted('dev'),
      ]),
    ).toEqual({ mode: 'nothing' });
  });
});

describe('createsManagedProduction', () => {
  const rds = currentDatastore([aDatastore({ size: 'small' })], 'users')!;

  it('is false when an existing managed production datastore is resized', () => {
    const decisions = [aDecision()];
    const outcome = changeOutcome(
      rds,
      {
        kind: 'database',
        engine: 'postgres',
        environments: ['production'],
        criticality: 'catastrophic',
        size: 'large',
      },
      decisions,
    );
    expect(outcome.mode).toBe('in-place');
    expect(createsManagedProduction(outcome, decisions)).toBe(false);
  });

  it('is true when production is added, managed', () => {
    const dev = currentDatastore([rows[1]], 'users')!;
    const decisions = [aDecision(), selfHosted('dev')];
    const outcome = changeOutcome(
      dev,
      {
        kind: 'database',
        engine: 'postgres',
        environments: ['production', 'dev'],
        criticality: 'reconstructable',
        size: 'small',
      },
      decisions,
    );
    expect(outcome).toMatchObject({ mode: 'in-place', added: ['production'] });
    expect(createsManagedProduction(outcome, decisions)).toBe(true);
  });
});
