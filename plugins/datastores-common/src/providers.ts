import type { BackupRequirements } from './backup';
import type {
  BuiltInProvider,
  DatastoreEngine,
  Provider,
  Strategy,
  Target,
} from './model';
import type { DecommissionSafeguard } from './operations';

/**
 * What the product knows of one provider, in one row: who runs it, which engines it runs,
 * where its datastores are written and what it can promise. Decisions, the policy's checks,
 * decommissions and the UI's names derive from these rows, so a provider is described once.
 * Plain data, so that it travels to the browser as it is.
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
  /**
   * The backup modes it can give, when it cannot give them all, and what to do instead: the
   * product refuses a datastore whose data needs more, rather than promise backups nothing takes.
   */
  backupLimit?: {
    allows: readonly BackupRequirements['mode'][];
    instead: string;
  };
  /**
   * How many times its single-AZ price a Multi-AZ datastore costs, when the data needs
   * Multi-AZ (`backup.multiAz`) and the provider bills it; absent, the price stays.
   */
  multiAzFactor?: number;
  /** The longest backup retention it allows, in days, when it has a bound. */
  maxRetentionDays?: number;
  /**
   * What protects the data before a decommission removes the files; `none` when absent. A
   * `backup` is only taken of a datastore whose backups were required.
   */
  safeguard?: DecommissionSafeguard;
  /** How to get the data back from what the safeguard kept, for the removal's pull request. */
  restore?: string;
  /** Where a live reader observes it, when one is installed: the card says so until it is. */
  observedFrom?: {
    /** Who answers (`AWS`, `Neon`, `the cluster`). */
    title: string;
    /** The config key that turns the reader on. */
    configKey: string;
  };
}

/**
 * How many times the single-AZ price a Multi-AZ RDS instance costs: AWS bills the primary and
 * the standby, instance hours and storage alike ("Multi-AZ DB instances", Amazon RDS User
 * Guide, On-Demand DB instances).
 * @public
 */
export const MULTI_AZ_FACTOR = 2;

/** The facts of every provider that can be decided, by provider id. @public */
export type ProviderCatalog = Readonly<Record<Provider, ProviderFacts>>;

/** The facts of the built-in providers (a built-in missing here does not compile). @public */
export const PROVIDER_FACTS: Readonly<Record<BuiltInProvider, ProviderFacts>> =
  {
    rds: {
      title: 'AWS RDS',
      strategy: 'managed',
      engines: ['postgres'],
      target: 'terraform',
      maxRetentionDays: 35,
      multiAzFactor: MULTI_AZ_FACTOR,
      safeguard: 'final-snapshot',
      restore: 'restore it with `aws rds restore-db-instance-from-db-snapshot`',
      observedFrom: { title: 'AWS', configKey: 'datastores.live.rds' },
    },
    neon: {
      title: 'Neon',
      strategy: 'managed',
      engines: ['postgres'],
      target: 'terraform',
      maxRetentionDays: 30,
      safeguard: 'deletion-delay',
      observedFrom: { title: 'Neon', configKey: 'datastores.live.neon' },
    },
    'cloudnative-pg': {
      title: 'CloudNativePG',
      strategy: 'self-hosted',
      engines: ['postgres'],
      target: 'gitops',
      safeguard: 'backup',
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
      backupLimit: {
        allows: ['none', 'optional'],
        instead:
          'the Redis operator (OT-Container-Kit) takes no scheduled snapshots; use engine dragonfly, or criticality ephemeral if the cache may start empty',
      },
    },
  };

/** What a provider id looks like: it is written in annotations, paths and config keys. @public */
export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The providers that run an engine with a strategy, in the catalog's order (the first is the
 * default when a policy rule names none).
 * @public
 */
export function providersFor(
  strategy: Strategy,
  engine: DatastoreEngine,
  providers: ProviderCatalog = PROVIDER_FACTS,
): Provider[] {
  return Object.keys(providers).filter(
    p =>
      providers[p].strategy === strategy &&
      providers[p].engines.includes(engine),
  );
}

/**
 * Why a provider cannot give the backups the data needs, if it cannot.
 * @public
 */
export function backupGap(
  facts: ProviderFacts,
  backup: BackupRequirements,
): string | undefined {
  const limit = facts.backupLimit;
  if (!limit || limit.allows.includes(backup.mode)) return undefined;
  return `it needs ${backup.mode} backups, and ${limit.instead}`;
}

/** A provider's title, or its id when nothing describes it (a provider since uninstalled). @public */
export function providerTitle(
  provider: Provider,
  providers: ProviderCatalog = PROVIDER_FACTS,
): string {
  return providers[provider]?.title ?? provider;
}
