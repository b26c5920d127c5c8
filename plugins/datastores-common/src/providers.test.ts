import { PROVIDERS, STRATEGIES, DATASTORE_ENGINES } from './model';
import { backupRequirements } from './backup';
import { decide } from './decide';
import { decommissionSafeguard } from './operations';
import { parsePolicy } from './policy';
import {
  PROVIDER_FACTS,
  backupGap,
  providerTitle,
  providersFor,
} from './providers';

describe('PROVIDER_FACTS', () => {
  it('lists the providers that run each engine by strategy, in PROVIDERS order', () => {
    const table = Object.fromEntries(
      STRATEGIES.map(strategy => [
        strategy,
        Object.fromEntries(
          DATASTORE_ENGINES.map(engine => [
            engine,
            providersFor(strategy, engine),
          ]),
        ),
      ]),
    );
    expect(table).toEqual({
      managed: { postgres: ['rds', 'neon'], redis: [], dragonfly: [] },
      'self-hosted': {
        postgres: ['cloudnative-pg'],
        redis: ['redis'],
        dragonfly: ['dragonfly'],
      },
    });
  });

  it('writes managed datastores to the Terraform repo and self-hosted ones to the GitOps repo', () => {
    for (const provider of PROVIDERS) {
      const { strategy, target } = PROVIDER_FACTS[provider];
      expect([provider, target]).toEqual([
        provider,
        strategy === 'managed' ? 'terraform' : 'gitops',
      ]);
    }
  });
});

describe('a catalog with a provider module', () => {
  const catalog = {
    ...PROVIDER_FACTS,
    'aurora-postgresql': {
      title: 'Aurora PostgreSQL',
      strategy: 'managed',
      engines: ['postgres'],
      target: 'terraform',
      safeguard: 'final-snapshot',
    },
  } as const;
  const production = {
    kind: 'database',
    environment: 'production',
    criticality: 'catastrophic',
  } as const;
  const rule = (provider: string) => [
    { name: 'all-managed', when: {}, then: { strategy: 'managed', provider } },
  ];

  it('decides it when a rule names it, and only when it is installed', () => {
    const policy = parsePolicy(rule('aurora-postgresql'), 'policy', catalog);
    expect(decide(production, policy, catalog)).toMatchObject({
      provider: 'aurora-postgresql',
      target: 'terraform',
    });
    expect(() =>
      parsePolicy(rule('aurora-postgresql'), 'datastores.policy'),
    ).toThrow(
      'datastores.policy[0].then.provider must be one of rds, neon, cloudnative-pg, dragonfly, redis; got "aurora-postgresql"',
    );
    // A policy read with the module, applied without it: refused, naming what can run it.
    expect(() => decide(production, policy)).toThrow(
      'a managed postgres runs on rds or neon',
    );
  });

  it('lists it after the built-in ones of its strategy and engine', () => {
    expect(providersFor('managed', 'postgres', catalog)).toEqual([
      'rds',
      'neon',
      'aurora-postgresql',
    ]);
  });

  it('takes its safeguard and title from its facts', () => {
    expect(
      decommissionSafeguard({ provider: 'aurora-postgresql' }, catalog),
    ).toBe('final-snapshot');
    expect(decommissionSafeguard({ provider: 'aurora-postgresql' })).toBe(
      'none',
    );
    expect(providerTitle('aurora-postgresql', catalog)).toBe(
      'Aurora PostgreSQL',
    );
    expect(providerTitle('aurora-postgresql')).toBe('aurora-postgresql');
  });
});

describe('backupGap', () => {
  it('refuses what a provider cannot back up, saying what to do instead', () => {
    const needs = backupRequirements('reconstructable', 'production');
    expect(needs.mode).toBe('scheduled');
    expect(backupGap(PROVIDER_FACTS.redis, needs)).toBe(
      'it needs scheduled backups, and the Redis operator (OT-Container-Kit) takes no scheduled snapshots; use engine dragonfly, or criticality ephemeral if the cache may start empty',
    );
    expect(backupGap(PROVIDER_FACTS.dragonfly, needs)).toBeUndefined();
    expect(
      backupGap(
        PROVIDER_FACTS.redis,
        backupRequirements('ephemeral', 'production'),
      ),
    ).toBeUndefined();
  });
});
