import { InputError } from '@backstage/errors';
import type { Decision } from './decide';
import { Environment, PROVIDERS, Provider, SIZES, Size } from './model';
import { PROVIDER_FACTS, ProviderCatalog } from './providers';

/**
 * What a datastore costs per month, by provider and size: the estimates the decision preview,
 * the Review step and the pull requests show. Configurable as `datastores.costs`.
 * @public
 */
export interface PriceTable {
  currency: 'USD';
  /** Where the prices come from, in a few words (shown as "estimated, from <source>"). */
  source: string;
  /** The date the prices were read, as an ISO date (YYYY-MM-DD). */
  asOf: string;
  /**
   * Per month, for one datastore in one environment. The single-AZ price: a Multi-AZ decision
   * costs its provider's `multiAzFactor` times as much (RDS: `MULTI_AZ_FACTOR`).
   */
  prices: Record<Provider, Record<Size, number>>;
}

/*
 * How the defaults were computed (read 2026-12-01; 730 hours a month; USD, before tax).
 *
 * The product runs in eu-west-1 (Ireland) in the examples. The sources found give us-east-1
 * prices for instances; eu-west-1 is taken as us-east-1 × 1.10, the ratio of the figures found
 * for both regions: RDS gp3 storage $0.127 vs $0.115 per GB-month (eu-west-1 table in
 * blog.thebescloud.com "RDS gp3 Volumes - Decrypting the latest storage announcement";
 * us-east-1 in usage.ai "RDS pricing calculator", June 2026), EBS gp3 $0.088 vs $0.080
 * (same eu-west-1 table; menuvis1-blip.github.io "Amazon EBS", 2026), RDS PostgreSQL
 * db.m5.large $0.197 vs $0.178 per hour (eu-west-1: vantage-sh/ec2instances.info issue 479,
 * quoting the AWS price list; us-east-1: a public repository's RDS price table).
 *
 * rds: the instance class and gp3 storage the product renders for the size
 * (DEFAULT_INSTANCE_CLASS and DEFAULT_ALLOCATED_STORAGE of the RDS provider in datastores-node), single-AZ
 * on-demand; storage autoscaling (up to 5×) and backup storage beyond the free 100% of the
 * provisioned size are not counted, nor the Secrets Manager secret ($0.40 a month).
 *   small  db.t4g.medium  $0.065/h us-east-1 (infratally.com "AWS RDS pricing explained 2026")
 *          → $0.0715/h × 730 = $52.20, + 20 GB × $0.127 = $2.54 → $55
 *   medium db.m7g.large   $0.168/h us-east-1 (public repository RDS price table; M7g sizes
 *          scale linearly) → $0.1848/h × 730 = $134.90, + 100 GB × $0.127 = $12.70 → $148
 *   large  db.m7g.2xlarge $0.674/h us-east-1 (same table) → $0.7414/h × 730 = $541.22,
 *          + 500 GB × $0.127 = $63.50 → $605
 *
 * neon: Scale plan (the product uses Neon for catastrophic data: its SLA, compliance and a
 * restore window of up to 30 days), $0.222 per CU-hour and $0.35 per GB-month (neon.com docs
 * "Neon plans", neondatabase/website content/docs/introduction/plans.md, updated 2026-11-12).
 * The product sets no compute size, so this assumes an always-on compute with the memory of the
 * RDS class of the size (1 CU ≈ 4 GB) and data the size of the RDS storage; scale to zero, a
 * smaller data set or a shorter day cost less; the restore history ($0.20/GB-month) is not
 * counted.
 *   small  1 CU × 730 h × $0.222 = $162.06, + 20 GB × $0.35 = $7 → $169
 *   medium 2 CU → $324.12, + 100 GB → $35 → $359
 *   large  8 CU → $1,296.48, + 500 GB → $175 → $1,471
 *
 * Self-hosted (cloudnative-pg, dragonfly, redis): the share of a cluster node that the pods'
 * requests take, by their larger share of the node's CPU or memory, plus their gp3 volumes.
 * Node: m7g.large (2 vCPU, 8 GiB), $0.0816/h us-east-1 (factualminds.com "Amazon EC2
 * On-Demand Pricing", 2026-06-17) → $0.0898/h × 730 = $65.55 a month; EBS gp3 $0.088/GB-month.
 * Requests and volumes are those of the example Compositions
 * (examples/infra/gitops/crossplane/compositions). The cluster itself (control plane, system
 * pods, idle headroom) and object storage for backups are not counted.
 *   cloudnative-pg  small  1 × (500m, 1Gi) → 25% = $16.39, + 10 GB = $0.88 → $17
 *                   medium 2 × (1, 4Gi) → 50% each = $65.55, + 2 × 50 GB = $8.80 → $74
 *                   large  3 × (2, 8Gi) → 100% each = $196.66, + 3 × 200 GB = $52.80 → $249
 *   dragonfly       small  1 × (250m, 512Mi) → 12.5% = $8.19, + 5 GB snapshot volume = $0.44 → $9
 *                   medium 2 × (1, 2Gi) → 50% each = $65.55, + 2 × 20 GB = $3.52 → $69
 *                   large  3 × (2, 8Gi) → 100% each = $196.66, + 3 × 50 GB = $13.20 → $210
 *                   (the snapshot volumes exist only when backups are on)
 *   redis           one pod (the OT-Container-Kit Redis is standalone), no volume
 *                   small  (250m, 512Mi) → $8; medium (1, 2Gi) → $33; large (2, 8Gi) → $66
 */

/**
 * The shipped prices: estimates for eu-west-1 on-demand, computed as the comment above this
 * constant says. Override them with `datastores.costs`.
 * @public
 */
export const DEFAULT_PRICES: PriceTable = {
  currency: 'USD',
  source:
    'the product’s defaults (AWS on-demand prices for eu-west-1, Neon’s Scale plan)',
  asOf: '2026-12-01',
  prices: {
    rds: { small: 55, medium: 148, large: 605 },
    neon: { small: 169, medium: 359, large: 1471 },
    'cloudnative-pg': { small: 17, medium: 74, large: 249 },
    dragonfly: { small: 9, medium: 69, large: 210 },
    redis: { small: 8, medium: 33, large: 66 },
  },
};

/** One environment's estimate. @public */
export interface EnvironmentCost {
  environment: Environment;
  provider: Provider;
  /** Estimated cost per month, in the table's currency. */
  monthly: number;
  /** Present when the decision is Multi-AZ on a provider that bills it (`multiAzFactor`: RDS twice). */
  multiAz?: true;
}

/** What the decided environments of a request are estimated to cost. @public */
export interface CostEstimate {
  perEnvironment: EnvironmentCost[];
  totalMonthly: number;
  currency: PriceTable['currency'];
  source: string;
  asOf: string;
}

const cents = (amount: number) => Math.round(amount * 100) / 100;

/**
 * The estimated monthly cost of each decision at a size, and their total, from a price table
 * (the shipped one unless given); undefined when the table has no price for one of the
 * providers (a provider module's, say): a total without it would be wrong.
 * @public
 */
export function estimateCost(
  decisions: readonly Pick<Decision, 'environment' | 'provider' | 'backup'>[],
  size: Size,
  prices: PriceTable = DEFAULT_PRICES,
  providers: ProviderCatalog = PROVIDER_FACTS,
): CostEstimate | undefined {
  if (decisions.some(d => prices.prices[d.provider]?.[size] === undefined)) {
    return undefined;
  }
  const perEnvironment = decisions.map((d): EnvironmentCost => {
    const base = prices.prices[d.provider][size];
    const factor = providers[d.provider]?.multiAzFactor;
    const multiAz = !!factor && d.backup.multiAz;
    return {
      environment: d.environment,
      provider: d.provider,
      monthly: cents(multiAz ? base * factor : base),
      ...(multiAz ? { multiAz: true as const } : {}),
    };
  });
  return {
    perEnvironment,
    totalMonthly: cents(perEnvironment.reduce((sum, e) => sum + e.monthly, 0)),
    currency: prices.currency,
    source: prices.source,
    asOf: prices.asOf,
  };
}

/**
 * An amount per month as people read an estimate: "about $55/month" (whole units; "less than
 * $1/month" below one).
 * @public
 */
export function formatMonthlyCost(
  amount: number,
  currency: PriceTable['currency'] = 'USD',
): string {
  const format = (value: number) =>
    new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    }).format(value);
  if (amount > 0 && amount < 1) return `less than ${format(1)}/month`;
  return `about ${format(Math.round(amount))}/month`;
}

/** Where an estimate comes from, in one line: "estimated, from <source> as of <date>". @public */
export function costSourceLine(
  estimate: Pick<CostEstimate, 'source' | 'asOf'>,
): string {
  return `estimated, from ${estimate.source} as of ${estimate.asOf}`;
}

const COST_KEYS = ['currency', 'source', 'asOf', 'prices'] as const;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a price table read from configuration (`datastores.costs`) and merges it over the
 * shipped one (or `base`), naming the first wrong key. Prices may be given for some providers
 * and sizes only; the rest keep their defaults. A table that sets prices without a `source` is
 * said to come from the configuration (and the defaults, for what it leaves out); one that sets prices must say when they were read
 * (`asOf`), since the defaults' date would not be theirs.
 * @public
 */
export function parsePriceTable(
  raw: unknown,
  path = 'datastores.costs',
  base: PriceTable = DEFAULT_PRICES,
  providers: readonly Provider[] = PROVIDERS,
): PriceTable {
  if (raw === undefined || raw === null) return base;
  if (!isPlainObject(raw)) {
    throw new InputError(
      `${path} must be an object with currency, source, asOf and prices`,
    );
  }
  for (const key of Object.keys(raw)) {
    if (!(COST_KEYS as readonly string[]).includes(key)) {
      throw new InputError(
        `${path}.${key} is not a setting; allowed: ${COST_KEYS.join(', ')}`,
      );
    }
  }
  const { currency, source, asOf, prices } = raw;
  if (currency !== undefined && currency !== 'USD') {
    throw new InputError(
      `${path}.currency must be USD (the only currency the estimates are made in); got ${JSON.stringify(
        currency,
      )}`,
    );
  }
  if (
    source !== undefined &&
    (typeof source !== 'string' || source.trim() === '')
  ) {
    throw new InputError(
      `${path}.source must be a non-empty string saying where the prices come from`,
    );
  }
  if (asOf !== undefined && (typeof asOf !== 'string' || !isIsoDate(asOf))) {
    throw new InputError(
      `${path}.asOf must be an ISO date like 2026-12-01; got ${JSON.stringify(
        asOf,
      )}`,
    );
  }
  const merged = Object.fromEntries(
    Object.entries(base.prices).map(([p, bySize]) => [p, { ...bySize }]),
  ) as PriceTable['prices'];
  let overridden = false;
  if (prices !== undefined) {
    if (!isPlainObject(prices)) {
      throw new InputError(
        `${path}.prices must be an object of prices by provider and size, e.g. prices.rds.small: 55`,
      );
    }
    for (const [provider, bySize] of Object.entries(prices)) {
      const at = `${path}.prices.${provider}`;
      if (!providers.includes(provider)) {
        throw new InputError(
          `${at} is not a provider; allowed: ${providers.join(', ')}`,
        );
      }
      // A provider the shipped table does not price is priced at every size, or not at all.
      const missing = base.prices[provider]
        ? []
        : SIZES.filter(size => !isPlainObject(bySize) || !(size in bySize));
      if (missing.length) {
        throw new InputError(
          `${at} must price every size (${SIZES.join(
            ', ',
          )}); missing: ${missing.join(', ')}`,
        );
      }
      if (!isPlainObject(bySize)) {
        throw new InputError(
          `${at} must be an object of monthly prices by size (${SIZES.join(
            ', ',
          )})`,
        );
      }
      for (const [size, price] of Object.entries(bySize)) {
        if (!(SIZES as readonly string[]).includes(size)) {
          throw new InputError(
            `${at}.${size} is not a size; allowed: ${SIZES.join(', ')}`,
          );
        }
        if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
          throw new InputError(
            `${at}.${size} must be a non-negative number (the price per month); got ${JSON.stringify(
              price,
            )}`,
          );
        }
        merged[provider] = { ...merged[provider], [size]: price } as Record<
          Size,
          number
        >;
        overridden = true;
      }
    }
  }
  if (overridden && asOf === undefined) {
    throw new InputError(
      `${path}.asOf is required when ${path}.prices is set: the date the prices were read, like 2026-12-01`,
    );
  }
  const given = (provider: Provider, size: Size) => {
    const bySize = isPlainObject(prices) ? prices[provider] : undefined;
    return isPlainObject(bySize) && bySize[size] !== undefined;
  };
  let fallbackSource = base.source;
  if (overridden) {
    const all = Object.keys(merged).every(p =>
      SIZES.every(size => given(p, size)),
    );
    fallbackSource = `${path} in app-config${all ? '' : ` and ${base.source}`}`;
  }
  return {
    currency: 'USD',
    source: (source as string | undefined) ?? fallbackSource,
    asOf: (asOf as string | undefined) ?? base.asOf,
    prices: merged,
  };
}
