import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_POLICY,
  DEFAULT_PRICES,
  MIN_RETENTION_DAYS,
} from '@datastores/plugin-datastores-common';
import { environmentNamespace, readDatastoresConfig } from '.';
import { readCosts } from '../readCosts';
import { TEST_CONFIG_DATA } from '../../fixtures/render/fixtures';

const read = (datastores: object) =>
  readDatastoresConfig(new ConfigReader({ datastores }));

describe('readDatastoresConfig', () => {
  it('fills in the defaults', () => {
    const config = read({ targets: TEST_CONFIG_DATA.targets });
    expect(config.targets.terraform).toEqual({
      repoUrl: 'https://github.com/acme/infra-terraform',
      baseBranch: 'main',
      path: 'datastores/{environment}/{service}-{name}',
      catalogPath: 'datastores/{environment}/{service}-{name}',
    });
    expect(config.targets.gitops.catalogPath).toBe('catalog/{namespace}');
    expect(config.managed.postgres).toMatchObject({
      provider: 'rds',
      backupRetentionDays: 7,
      engineVersion: '17',
      instanceClass: { small: 'db.t4g.medium' },
    });
    expect(config.crossplane).toEqual({
      shape: 'xr',
      postgres: {
        apiVersion: 'datastores.platform.io/v1alpha1',
        kind: 'PostgresInstance',
      },
      cache: {
        apiVersion: 'datastores.platform.io/v1alpha1',
        kind: 'CacheInstance',
      },
      backupSchedule: '0 3 * * *',
      backupRetentionDays: 7,
    });
    expect(config.externalSecrets).toEqual({
      secretStoreRef: {
        kind: 'ClusterSecretStore',
        name: 'aws-secrets-manager',
      },
      refreshInterval: '1h',
    });
    expect(config.policy).toEqual(DEFAULT_POLICY);
    expect(config.costs).toEqual(DEFAULT_PRICES);
  });

  it('reads everything', () => {
    const config = read({
      ...TEST_CONFIG_DATA,
      managed: {
        postgres: {
          provider: 'neon',
          backupRetentionDays: 14,
          instanceClass: 'db.r7g.large',
          allocatedStorage: { large: 1000 },
          neon: { regionId: 'aws-eu-central-1', orgId: 'org-123' },
        },
      },
      crossplane: { shape: 'claim', cache: { kind: 'Cache' } },
      environments: {
        ...TEST_CONFIG_DATA.environments,
        preview: { namespace: '{namespace}-preview' },
      },
    });
    expect(config.managed.postgres).toMatchObject({
      provider: 'neon',
      backupRetentionDays: 14,
      instanceClass: { small: 'db.r7g.large', large: 'db.r7g.large' },
      allocatedStorage: { small: 20, large: 1000 },
      neon: { regionId: 'aws-eu-central-1', orgId: 'org-123' },
    });
    expect(config.crossplane.shape).toBe('claim');
    expect(config.crossplane.cache.kind).toBe('Cache');
    expect(config.environments.production?.aws?.vpcSecurityGroupIds).toEqual([
      'sg-0123456789abcdef0',
    ]);
    // The default policy uses the configured managed provider.
    const managed = config.policy.find(
      r => r.name === 'catastrophic-is-managed',
    );
    expect(managed?.then).toEqual({ strategy: 'managed', provider: 'neon' });
    expect(
      environmentNamespace(config, 'preview', {
        namespace: 'shop',
        service: { name: 'orders' },
      }),
    ).toBe('shop-preview');
    expect(
      environmentNamespace(config, 'production', {
        namespace: 'shop',
        service: { name: 'orders' },
      }),
    ).toBe('shop');
  });

  it('reads prices from configuration, over the defaults', () => {
    const config = read({
      ...TEST_CONFIG_DATA,
      costs: {
        source: 'FinOps sheet 2026-Q4',
        asOf: '2026-11-30',
        prices: { rds: { small: 60 }, dragonfly: { large: 180.5 } },
      },
    });
    expect(config.costs).toEqual({
      currency: 'USD',
      source: 'FinOps sheet 2026-Q4',
      asOf: '2026-11-30',
      prices: {
        ...DEFAULT_PRICES.prices,
        rds: { ...DEFAULT_PRICES.prices.rds, small: 60 },
        dragonfly: { ...DEFAULT_PRICES.prices.dragonfly, large: 180.5 },
      },
    });
    expect(() =>
      read({
        ...TEST_CONFIG_DATA,
        costs: { asOf: '2026-11-30', prices: { rds: { small: -5 } } },
      }),
    ).toThrow(
      'datastores.costs.prices.rds.small must be a non-negative number (the price per month); got -5',
    );
    expect(() =>
      read({
        ...TEST_CONFIG_DATA,
        costs: { asOf: '2026-11-30', prices: { elasticache: { small: 1 } } },
      }),
    ).toThrow('datastores.costs.prices.elasticache is not a provider');
  });

  it('reads prices on their own, without targets', () => {
    expect(readCosts(new ConfigReader({}))).toEqual(DEFAULT_PRICES);
    expect(
      readCosts(
        new ConfigReader({
          datastores: {
            costs: { asOf: '2026-11-30', prices: { redis: { small: 5 } } },
          },
        }),
      ).prices.redis.small,
    ).toBe(5);
    expect(() =>
      readCosts(
        new ConfigReader({ datastores: { costs: { asOf: '30/11/2026' } } }),
      ),
    ).toThrow(InputError);
  });

  it('reads a policy from configuration', () => {
    const config = read({
      ...TEST_CONFIG_DATA,
      policy: [
        {
          name: 'all-self-hosted',
          when: {},
          then: { strategy: 'self-hosted' },
        },
      ],
    });
    expect(config.policy).toHaveLength(1);
    expect(() =>
      read({ ...TEST_CONFIG_DATA, policy: [{ when: { colour: 'red' } }] }),
    ).toThrow('datastores.policy[0].when.colour is not a condition');
  });

  it.each([
    [
      { managed: { postgres: { provider: 'aurora' } } },
      'datastores.managed.postgres.provider must be one of rds, neon',
    ],
    [
      {
        managed: { postgres: { backupRetentionDays: MIN_RETENTION_DAYS - 1 } },
      },
      'datastores.managed.postgres.backupRetentionDays must be a whole number of days from 7 to 35',
    ],
    [
      { managed: { postgres: { provider: 'neon', backupRetentionDays: 31 } } },
      'from 7 to 30',
    ],
    [
      { managed: { postgres: { instanceClass: { huge: 'db.x' } } } },
      'datastores.managed.postgres.instanceClass.huge',
    ],
    [
      { crossplane: { shape: 'composite' } },
      'datastores.crossplane.shape must be one of xr, claim',
    ],
    [
      { crossplane: { postgres: { apiVersion: 'v1' } } },
      'datastores.crossplane.postgres.apiVersion',
    ],
    [
      { crossplane: { cache: { kind: 'cache' } } },
      'datastores.crossplane.cache.kind',
    ],
    [
      { crossplane: { backupSchedule: '0 0 3 * * *' } },
      'datastores.crossplane.backupSchedule must be a five-field cron',
    ],
    [
      { externalSecrets: { secretStoreRef: { kind: 'Vault', name: 'x' } } },
      'datastores.externalSecrets.secretStoreRef.kind',
    ],
    [
      { externalSecrets: { refreshInterval: 'hourly' } },
      'datastores.externalSecrets.refreshInterval',
    ],
    [
      { environments: { qa: {} } },
      'datastores.environments.qa is not an environment',
    ],
    [
      {
        environments: {
          production: {
            aws: {
              ...TEST_CONFIG_DATA.environments.production.aws,
              region: 'Ireland',
            },
          },
        },
      },
      'datastores.environments.production.aws.region',
    ],
    [
      {
        environments: {
          production: {
            aws: {
              ...TEST_CONFIG_DATA.environments.production.aws,
              vpcSecurityGroupIds: ['default'],
            },
          },
        },
      },
      'datastores.environments.production.aws.vpcSecurityGroupIds[0]',
    ],
    [
      {
        environments: {
          production: {
            aws: {
              ...TEST_CONFIG_DATA.environments.production.aws,
              kmsKeyId: 'alias/x',
            },
          },
        },
      },
      'datastores.environments.production.aws.kmsKeyId must be a KMS key ARN',
    ],
    [
      {
        targets: {
          ...TEST_CONFIG_DATA.targets,
          terraform: { repoUrl: 'x', path: 'envs/{environment}' },
        },
      },
      'datastores.targets.terraform.path must use {service}',
    ],
  ])('names the wrong key: %j', (overrides, message) => {
    expect(() => read({ ...TEST_CONFIG_DATA, ...overrides })).toThrow(
      InputError,
    );
    expect(() => read({ ...TEST_CONFIG_DATA, ...overrides })).toThrow(message);
  });

  it('needs the target repos', () => {
    expect(() => read({})).toThrow(
      "Missing required config value at 'datastores.targets'",
    );
  });

  it('refuses an environment namespace that is not a namespace', () => {
    const config = read({
      ...TEST_CONFIG_DATA,
      environments: { dev: { namespace: '{namespace}-{service}-' } },
    });
    expect(() =>
      environmentNamespace(config, 'dev', {
        namespace: 'shop',
        service: { name: 'orders' },
      }),
    ).toThrow('datastores.environments.dev.namespace');
  });
});
