import { InputError } from '@backstage/errors';
import {
  CRITICALITY_LEVELS,
  Criticality,
  DATASTORE_ENGINES,
  DATASTORE_KINDS,
  DatastoreEngine,
  DatastoreKind,
  ENVIRONMENTS,
  Environment,
  Provider,
  STRATEGIES,
  Strategy,
} from './model';
import { PROVIDER_FACTS, ProviderCatalog } from './providers';

/** The conditions of a rule; a missing key matches anything, a list matches any of its values. @public */
export interface PolicyMatch {
  kind?: DatastoreKind | DatastoreKind[];
  engine?: DatastoreEngine | DatastoreEngine[];
  environment?: Environment | Environment[];
  criticality?: Criticality | Criticality[];
}

/** What a matching rule decides: a strategy (and provider), or a refusal with its reason. @public */
export type PolicyOutcome =
  | { strategy: Strategy; provider?: Provider }
  | { refuse: string };

/** One rule of a policy. Rules are tried in order; the first match wins. @public */
export interface PolicyRule {
  /** A short id, shown in rationales. */
  name: string;
  when: PolicyMatch;
  then: PolicyOutcome;
  /** Why the rule exists, in a sentence; shown in rationales. */
  reason?: string;
}

/** @public */
export type Policy = readonly PolicyRule[];

/**
 * The default policy, first match wins: three refusals (a catastrophic cache, catastrophic data
 * in dev or preview, an ephemeral production database), then catastrophic data is managed
 * (Postgres on RDS, or Neon with `managedPostgresProvider: 'neon'`, through the Terraform repo)
 * and everything else self-hosted (CloudNativePG Postgres, Dragonfly or Redis caches, through
 * the GitOps repo). `datastores.policy` in app-config replaces it.
 * @public
 */
export function defaultPolicy(
  options: { managedPostgresProvider?: Provider } = {},
): Policy {
  return [
    {
      name: 'cache-never-catastrophic',
      when: { kind: 'cache', criticality: 'catastrophic' },
      then: {
        refuse:
          'a cache holds data rebuilt from elsewhere; if its loss would be catastrophic it is a database',
      },
    },
    {
      name: 'no-catastrophic-in-throwaway-environments',
      when: { criticality: 'catastrophic', environment: ['dev', 'preview'] },
      then: {
        refuse: 'catastrophic data does not belong in a throw-away environment',
      },
    },
    {
      name: 'production-databases-not-ephemeral',
      when: {
        kind: 'database',
        environment: 'production',
        criticality: 'ephemeral',
      },
      then: { refuse: 'production user data is never ephemeral' },
    },
    {
      name: 'catastrophic-is-managed',
      when: { criticality: 'catastrophic' },
      then: {
        strategy: 'managed',
        provider: options.managedPostgresProvider ?? 'rds',
      },
      reason:
        'losing the data would be catastrophic, so a managed service runs and backs it up',
    },
    {
      name: 'otherwise-self-hosted',
      when: {},
      then: { strategy: 'self-hosted' },
      reason:
        'the data can be rebuilt or recreated, so it is self-hosted through Crossplane',
    },
  ];
}

/** The default policy with RDS as the managed provider. @public */
export const DEFAULT_POLICY: Policy = defaultPolicy();

const MATCH_KEYS = {
  kind: DATASTORE_KINDS,
  engine: DATASTORE_ENGINES,
  environment: ENVIRONMENTS,
  criticality: CRITICALITY_LEVELS,
} as const;

/**
 * Validates a policy read from configuration (`datastores.policy`), naming the first wrong
 * field and what it allows; a rule's provider must be one of the catalog's.
 * @public
 */
export function parsePolicy(
  raw: unknown,
  path = 'datastores.policy',
  providers: ProviderCatalog = PROVIDER_FACTS,
): Policy {
  const known = Object.keys(providers);
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new InputError(`${path} must be a non-empty list of rules`);
  }
  return raw.map((rule, index): PolicyRule => {
    const at = `${path}[${index}]`;
    if (typeof rule !== 'object' || rule === null) {
      throw new InputError(`${at} must be an object with when and then`);
    }
    const { name, when = {}, then, reason } = rule as Record<string, any>;
    if (typeof when !== 'object' || when === null || Array.isArray(when)) {
      throw new InputError(`${at}.when must be an object`);
    }
    const match: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(when)) {
      const allowed = MATCH_KEYS[key as keyof typeof MATCH_KEYS] as
        | readonly string[]
        | undefined;
      if (!allowed) {
        throw new InputError(
          `${at}.when.${key} is not a condition; allowed: ${Object.keys(
            MATCH_KEYS,
          ).join(', ')}`,
        );
      }
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        if (!allowed.includes(v)) {
          throw new InputError(
            `${at}.when.${key} must be one of ${allowed.join(
              ', ',
            )}; got ${JSON.stringify(v)}`,
          );
        }
      }
      match[key] = value as string | string[];
    }
    let outcome: PolicyOutcome;
    if (then && typeof then.refuse === 'string' && then.refuse.trim()) {
      outcome = { refuse: then.refuse };
    } else if (then && STRATEGIES.includes(then.strategy)) {
      if (then.provider !== undefined && !known.includes(then.provider)) {
        throw new InputError(
          `${at}.then.provider must be one of ${known.join(
            ', ',
          )}; got ${JSON.stringify(then.provider)}`,
        );
      }
      outcome = { strategy: then.strategy, provider: then.provider };
    } else {
      throw new InputError(
        `${at}.then must be {strategy: ${STRATEGIES.join(
          ' | ',
        )}, provider?} or {refuse: reason}`,
      );
    }
    return {
      name: typeof name === 'string' && name ? name : `rule-${index + 1}`,
      when: match as PolicyMatch,
      then: outcome,
      reason: typeof reason === 'string' ? reason : undefined,
    };
  });
}
