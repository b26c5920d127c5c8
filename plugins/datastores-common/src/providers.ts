import type { DatastoreEngine, Provider, Strategy, Target } from './model';

/**
 * What the product knows of one provider, in one row: who runs it, which engines it runs and
 * where its datastores are written. Decisions, the policy's checks and the UI's names derive
 * from this table, so a provider is described once.
 * @public
 */
export interface ProviderFacts {
  /** How people call it. */
  title: string;
  strategy: Strategy;
  /** The engines it runs. */
  engines: readonly DatastoreEngine[];
  /** The repository its datastores are written to. */
  target: Target;
}

/** Every provider's facts (a provider missing here does not compile). @public */
export const PROVIDER_FACTS: Readonly<Record<Provider, ProviderFacts>> = {
  rds: {
    title: 'AWS RDS',
    strategy: 'managed',
    engines: ['postgres'],
    target: 'terraform',
  },
  neon: {
    title: 'Neon',
    strategy: 'managed',
    engines: ['postgres'],
    target: 'terraform',
  },
  'cloudnative-pg': {
    title: 'CloudNativePG',
    strategy: 'self-hosted',
    engines: ['postgres'],
    target: 'gitops',
  },
  dragonfly: {
    title: 'Dragonfly',
    strategy: 'self-hosted',
    engines: ['dragonfly'],
    target: 'gitops',
  },
  redis: {
    title: 'Redis',
    strategy: 'self-hosted',
    engines: ['redis'],
    target: 'gitops',
  },
};

/**
 * The providers that run an engine with a strategy, in the order of `PROVIDERS` (the first is
 * the default when a policy rule names none).
 * @public
 */
export function providersFor(
  strategy: Strategy,
  engine: DatastoreEngine,
): Provider[] {
  return (Object.keys(PROVIDER_FACTS) as Provider[]).filter(
    p =>
      PROVIDER_FACTS[p].strategy === strategy &&
      PROVIDER_FACTS[p].engines.includes(engine),
  );
}
