/**
 * The vocabulary of the datastores plugins. Each list is the single source of the allowed
 * values: validation, annotations and the UI all read them from here.
 */

/** What a datastore is used for. @public */
export const DATASTORE_KINDS = ['database', 'cache'] as const;
/** @public */
export type DatastoreKind = (typeof DATASTORE_KINDS)[number];

/** The engine a datastore speaks. @public */
export const DATASTORE_ENGINES = ['postgres', 'redis', 'dragonfly'] as const;
/** @public */
export type DatastoreEngine = (typeof DATASTORE_ENGINES)[number];

/** Where a datastore runs, from most to least precious. @public */
export const ENVIRONMENTS = [
  'production',
  'staging',
  'preview',
  'dev',
] as const;
/** @public */
export type Environment = (typeof ENVIRONMENTS)[number];

/** How bad losing the data would be: the input that decides the strategy. @public */
export const CRITICALITY_LEVELS = [
  'catastrophic',
  'reconstructable',
  'ephemeral',
] as const;
/** @public */
export type Criticality = (typeof CRITICALITY_LEVELS)[number];

/** One-line meaning of each criticality level, as shown to the person who picks it. @public */
export const CRITICALITY_MEANINGS: Readonly<Record<Criticality, string>> = {
  catastrophic:
    'Losing it is business-ending; it cannot be rebuilt (e.g. production user data).',
  reconstructable:
    'It can be rebuilt from another source; losing it costs time, not data (e.g. caches, derived read models).',
  ephemeral:
    'Recreated at will from fixtures (e.g. dev and preview databases).',
};

/** Who runs the datastore. @public */
export const STRATEGIES = ['managed', 'self-hosted'] as const;
/** @public */
export type Strategy = (typeof STRATEGIES)[number];

/**
 * The providers the product ships: RDS and Neon (managed), CloudNativePG, Dragonfly and Redis
 * (self-hosted). A provider module may register more.
 * @public
 */
export const PROVIDERS = [
  'rds',
  'neon',
  'cloudnative-pg',
  'dragonfly',
  'redis',
] as const;
/** @public */
export type BuiltInProvider = (typeof PROVIDERS)[number];
/**
 * The product or operator that runs the datastore: a built-in one or the id a provider module
 * registered (see `ProviderCatalog`).
 * @public
 */
export type Provider = string;

/** The repository a datastore's pull request goes to. @public */
export const TARGETS = ['terraform', 'gitops'] as const;
/** @public */
export type Target = (typeof TARGETS)[number];

/** The engines each kind can use; the first is the default. @public */
export const ENGINES_BY_KIND: Readonly<
  Record<DatastoreKind, readonly DatastoreEngine[]>
> = {
  database: ['postgres'],
  cache: ['dragonfly', 'redis'],
};

/** How much capacity a datastore gets; each target maps it to its own sizes. @public */
export const SIZES = ['small', 'medium', 'large'] as const;
/** @public */
export type Size = (typeof SIZES)[number];

/**
 * What one datastore in one environment is and how it runs: the fields a decision and a status
 * share.
 * @public
 */
export interface DatastoreRun {
  kind: DatastoreKind;
  engine: DatastoreEngine;
  environment: Environment;
  criticality: Criticality;
  strategy: Strategy;
  provider: Provider;
  /** How people call the provider: set in the backend's answers, for the browser. */
  providerTitle?: string;
}
