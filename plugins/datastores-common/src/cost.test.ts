import { decide, decideRequest } from './decide';
import {
  DEFAULT_PRICES,
  costSourceLine,
  estimateCost,
  formatMonthlyCost,
  parsePriceTable,
} from './cost';
import { PROVIDERS, SIZES } from './model';
import { MULTI_AZ_FACTOR } from './providers';

describe('DEFAULT_PRICES', () => {
  it('has a non-negative monthly price for every provider and size', () => {
    for (const provider of PROVIDERS) {
      for (const size of SIZES) {
        expect(DEFAULT_PRICES.prices[provider][size]).toBeGreaterThanOrEqual(0);
      }
    }
    expect(DEFAULT_PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('grows with the size', () => {
    for (const provider of PROVIDERS) {
      const { small, medium, large } = DEFAULT_PRICES.prices[provider];
      expect(small).toBeLessThan(medium);
      expect(medium).toBeLessThan(large);
    }
  });
});

describe('estimateCost', () => {
  it('prices each environment by its provider and the size, and totals them', () => {
    const decisions = decideRequest({
      kind: 'database',
      environments: ['staging', 'dev'],
      criticality: 'reconstructable',
    });
    const estimate = estimateCost(decisions, 'medium');
    expect(estimate).toEqual({
      perEnvironment: [
        { environment: 'staging', provider: 'cloudnative-pg', monthly: 74 },
        { environment: 'dev', provider: 'cloudnative-pg', monthly: 74 },
      ],
      totalMonthly: 148,
      currency: 'USD',
      source: DEFAULT_PRICES.source,
      asOf: DEFAULT_PRICES.asOf,
    });
  });

  it('doubles a Multi-AZ RDS instance (production catastrophic data)', () => {
    const decisions = decideRequest({
      kind: 'database',
      environments: ['production', 'staging'],
      criticality: 'catastrophic',
    });
    const { perEnvironment, totalMonthly } = estimateCost(decisions, 'small')!;
    expect(perEnvironment).toEqual([
      {
        environment: 'production',
        provider: 'rds',
        monthly: DEFAULT_PRICES.prices.rds.small * MULTI_AZ_FACTOR,
        multiAz: true,
      },
      {
        environment: 'staging',
        provider: 'rds',
        monthly: DEFAULT_PRICES.prices.rds.small,
      },
    ]);
    expect(totalMonthly).toBe(DEFAULT_PRICES.prices.rds.small * 3);
  });

  it('uses the given table', () => {
    const prices = parsePriceTable({
      asOf: '2026-11-30',
      prices: { dragonfly: { small: 12.345 } },
    });
    const d = decide({
      kind: 'cache',
      environment: 'dev',
      criticality: 'ephemeral',
    });
    expect(estimateCost([d, d], 'small', prices)).toMatchObject({
      perEnvironment: [{ monthly: 12.35 }, { monthly: 12.35 }],
      totalMonthly: 24.7,
      asOf: '2026-11-30',
    });
  });

  it('is zero for no decisions', () => {
    expect(estimateCost([], 'large')!.totalMonthly).toBe(0);
  });
});

describe('formatMonthlyCost and costSourceLine', () => {
  it('says an estimate in whole dollars', () => {
    expect(formatMonthlyCost(55)).toBe('about $55/month');
    expect(formatMonthlyCost(1470.6)).toBe('about $1,471/month');
    expect(formatMonthlyCost(0)).toBe('about $0/month');
    expect(formatMonthlyCost(0.4)).toBe('less than $1/month');
  });

  it('says where the estimate comes from', () => {
    expect(
      costSourceLine({ source: 'our FinOps sheet', asOf: '2026-11-01' }),
    ).toBe('estimated, from our FinOps sheet as of 2026-11-01');
  });
});

describe('parsePriceTable', () => {
  it('is the shipped table when nothing is configured', () => {
    expect(parsePriceTable(undefined)).toBe(DEFAULT_PRICES);
    expect(parsePriceTable({})).toEqual(DEFAULT_PRICES);
  });

  it('merges configured prices over the defaults', () => {
    const table = parsePriceTable({
      source: 'FinOps sheet',
      asOf: '2026-11-30',
      prices: { rds: { small: 60 }, redis: { large: 0 } },
    });
    expect(table.prices.rds).toEqual({
      ...DEFAULT_PRICES.prices.rds,
      small: 60,
    });
    expect(table.prices.redis.large).toBe(0);
    expect(table.prices.neon).toEqual(DEFAULT_PRICES.prices.neon);
    expect(table).toMatchObject({ source: 'FinOps sheet', asOf: '2026-11-30' });
    // The defaults are not changed.
    expect(DEFAULT_PRICES.prices.rds.small).toBe(55);
  });

  it('says configured prices come from the configuration when no source is given', () => {
    expect(
      parsePriceTable({ asOf: '2026-11-30', prices: { rds: { small: 60 } } })
        .source,
    ).toBe(`datastores.costs in app-config and ${DEFAULT_PRICES.source}`);
    const everything = Object.fromEntries(
      PROVIDERS.map(p => [p, { small: 1, medium: 2, large: 3 }]),
    );
    expect(
      parsePriceTable({ asOf: '2026-11-30', prices: everything }).source,
    ).toBe('datastores.costs in app-config');
  });

  it.each([
    [[], 'datastores.costs must be an object'],
    [
      { colour: 'red' },
      'datastores.costs.colour is not a setting; allowed: currency, source, asOf, prices',
    ],
    [{ currency: 'EUR' }, 'datastores.costs.currency must be USD'],
    [{ source: '' }, 'datastores.costs.source must be a non-empty string'],
    [
      { asOf: 'yesterday' },
      'datastores.costs.asOf must be an ISO date like 2026-12-01; got "yesterday"',
    ],
    [{ asOf: '2026-02-30' }, 'datastores.costs.asOf must be an ISO date'],
    [
      { asOf: '2026-11-30', prices: 5 },
      'datastores.costs.prices must be an object',
    ],
    [
      { asOf: '2026-11-30', prices: { elasticache: { small: 1 } } },
      'datastores.costs.prices.elasticache is not a provider; allowed: rds, neon, cloudnative-pg, dragonfly, redis',
    ],
    [
      { asOf: '2026-11-30', prices: { rds: 5 } },
      'datastores.costs.prices.rds must be an object of monthly prices by size (small, medium, large)',
    ],
    [
      { asOf: '2026-11-30', prices: { rds: { huge: 1 } } },
      'datastores.costs.prices.rds.huge is not a size; allowed: small, medium, large',
    ],
    [
      { asOf: '2026-11-30', prices: { rds: { small: -1 } } },
      'datastores.costs.prices.rds.small must be a non-negative number (the price per month); got -1',
    ],
    [
      { asOf: '2026-11-30', prices: { rds: { small: '55' } } },
      'datastores.costs.prices.rds.small must be a non-negative number (the price per month); got "55"',
    ],
    [
      { prices: { rds: { small: 60 } } },
      'datastores.costs.asOf is required when datastores.costs.prices is set',
    ],
  ])('refuses %j', (raw, message) => {
    expect(() => parsePriceTable(raw)).toThrow(message);
  });
});

describe('a provider without a price', () => {
  const aurora = {
    environment: 'production',
    provider: 'aurora-postgresql',
    backup: { multiAz: false },
  } as any;

  it('is not estimated: a total without it would be wrong', () => {
    expect(estimateCost([aurora], 'small')).toBeUndefined();
  });

  it('costs its Multi-AZ factor more when the data needs Multi-AZ, as its facts say', () => {
    const table = {
      ...DEFAULT_PRICES,
      prices: {
        ...DEFAULT_PRICES.prices,
        'aurora-postgresql': { small: 80, medium: 300, large: 1200 },
      },
    };
    const multiAz = { ...aurora, backup: { multiAz: true } };
    const catalog = {
      'aurora-postgresql': {
        title: 'Aurora PostgreSQL',
        strategy: 'managed',
        engines: ['postgres'],
        target: 'terraform',
        multiAzFactor: 2,
      },
    } as const;
    expect(
      estimateCost([multiAz], 'small', table, catalog)?.perEnvironment,
    ).toEqual([
      {
        environment: 'production',
        provider: 'aurora-postgresql',
        monthly: 160,
        multiAz: true,
      },
    ]);
    // Without the factor in its facts, the price stays.
    expect(estimateCost([multiAz], 'small', table)?.totalMonthly).toBe(80);
  });

  it('is priced at every size by the configuration, or refused naming the missing sizes', () => {
    const providers = [...PROVIDERS, 'aurora-postgresql'];
    const table = parsePriceTable(
      {
        asOf: '2026-12-01',
        prices: {
          'aurora-postgresql': { small: 80, medium: 300, large: 1200 },
        },
      },
      'datastores.costs',
      DEFAULT_PRICES,
      providers,
    );
    expect(estimateCost([aurora], 'medium', table)?.totalMonthly).toBe(300);
    expect(() =>
      parsePriceTable(
        { asOf: '2026-12-01', prices: { 'aurora-postgresql': { small: 80 } } },
        'datastores.costs',
        DEFAULT_PRICES,
        providers,
      ),
    ).toThrow(
      'datastores.costs.prices.aurora-postgresql must price every size (small, medium, large); missing: medium, large',
    );
    expect(() =>
      parsePriceTable({
        asOf: '2026-12-01',
        prices: { 'aurora-postgresql': { small: 80 } },
      }),
    ).toThrow('datastores.costs.prices.aurora-postgresql is not a provider');
  });
});
