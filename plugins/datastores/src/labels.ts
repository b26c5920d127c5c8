import {
  DatastoreEngine,
  DatastoreKind,
  DatastoreStatus,
  ENVIRONMENTS,
  Environment,
  PROVIDER_FACTS,
  Provider,
  Strategy,
} from '@datastores/plugin-datastores-common';

/** How people call each built-in provider (its title in `-common`'s `PROVIDER_FACTS`). */
export const PROVIDER_NAMES: Partial<Record<Provider, string>> =
  Object.fromEntries(
    Object.entries(PROVIDER_FACTS).map(([id, facts]) => [id, facts.title]),
  );

/**
 * How people call a datastore's provider: the title the backend sent (a provider module's),
 * else the built-in one's, else its id.
 */
export function providerName(d: {
  provider: Provider;
  providerTitle?: string;
}): string {
  return d.providerTitle ?? PROVIDER_NAMES[d.provider] ?? d.provider;
}

/** How people call each engine. */
export const ENGINE_NAMES: Record<DatastoreEngine, string> = {
  postgres: 'PostgreSQL',
  dragonfly: 'Dragonfly',
  redis: 'Redis',
};

/** How people call each kind. */
export const KIND_NAMES: Record<DatastoreKind, string> = {
  database: 'Database',
  cache: 'Cache',
};

/** The caption of a datastore: "Database · PostgreSQL". */
export function kindAndEngine(d: {
  kind: DatastoreKind;
  engine: DatastoreEngine;
}): string {
  return `${KIND_NAMES[d.kind] ?? d.kind} · ${
    ENGINE_NAMES[d.engine] ?? d.engine
  }`;
}

/** How people call each strategy. */
export const STRATEGY_NAMES: Record<Strategy, string> = {
  managed: 'Managed',
  'self-hosted': 'Self-hosted',
};

/** How people call each environment. */
export const ENVIRONMENT_NAMES: Record<Environment, string> = {
  production: 'Production',
  staging: 'Staging',
  preview: 'Preview',
  dev: 'Dev',
};

/** "Managed on AWS RDS", "Self-hosted on CloudNativePG". */
export function strategyText(d: {
  strategy: Strategy;
  provider: Provider;
  providerTitle?: string;
}) {
  return `${STRATEGY_NAMES[d.strategy]} on ${providerName(d)}`;
}

/** Datastores from the most precious environment to the least, then by name. */
export function sortDatastores(
  datastores: DatastoreStatus[],
): DatastoreStatus[] {
  return [...datastores].sort(
    (a, b) =>
      ENVIRONMENTS.indexOf(a.environment) -
        ENVIRONMENTS.indexOf(b.environment) || a.name.localeCompare(b.name),
  );
}

/**
 * An ExternalSecret's `refreshInterval` (a Go duration) for people: ESO fetches the secret once
 * and never again when it is zero ("0", "0s", "0h0m").
 */
export function refreshIntervalText(interval: string): string {
  const numbers = interval.match(/[\d.]+/g) ?? [];
  const zero = numbers.length > 0 && numbers.every(n => Number(n) === 0);
  return zero ? `${interval} (fetched once, never refreshed)` : interval;
}
