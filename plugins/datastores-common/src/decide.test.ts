import { InputError } from '@backstage/errors';
import { decide, decideEach, decideRequest } from './decide';
import { CRITICALITY_LEVELS, ENVIRONMENTS } from './model';
import { defaultPolicy, parsePolicy } from './policy';

describe('decide with the default policy', () => {
  it.each(ENVIRONMENTS)(
    'refuses a catastrophic cache in %s (rule 1)',
    environment => {
      expect(() =>
        decide({ kind: 'cache', environment, criticality: 'catastrophic' }),
      ).toThrow(
        'a cache holds data rebuilt from elsewhere; if its loss would be catastrophic it is a database [Rule 1 (cache-never-catastrophic)]',
      );
    },
  );

  it.each(['dev', 'preview'] as const)(
    'refuses a catastrophic database in %s (rule 2)',
    environment => {
      expect(() =>
        decide({ kind: 'database', environment, criticality: 'catastrophic' }),
      ).toThrow(
        'catastrophic data does not belong in a throw-away environment [Rule 2',
      );
    },
  );

  it('refuses an ephemeral production database (rule 3)', () => {
    expect(() =>
      decide({
        kind: 'database',
        environment: 'production',
        criticality: 'ephemeral',
      }),
    ).toThrow('production user data is never ephemeral [Rule 3');
  });

  it('refusals are InputErrors', () => {
    expect(() =>
      decide({
        kind: 'database',
        environment: 'production',
        criticality: 'ephemeral',
      }),
    ).toThrow(InputError);
  });

  it.each(['production', 'staging'] as const)(
    'manages a catastrophic database in %s on RDS through Terraform (rule 4)',
    environment => {
      const decision = decide({
        kind: 'database',
        environment,
        criticality: 'catastrophic',
      });
      expect(decision).toMatchObject({
        engine: 'postgres',
        strategy: 'managed',
        provider: 'rds',
        target: 'terraform',
        rule: 'catastrophic-is-managed',
      });
      expect(decision.rationale).toContain('Rule 4 (catastrophic-is-managed)');
      expect(decision.backup).toMatchObject({
        mode: 'continuous',
        pitr: true,
        minRetentionDays: 7,
        deletionProtection: true,
        finalSnapshot: true,
        multiAz: environment === 'production',
      });
    },
  );

  it('self-hosts a reconstructable production database on CloudNativePG with scheduled backups (rule 5)', () => {
    expect(
      decide({
        kind: 'database',
        environment: 'production',
        criticality: 'reconstructable',
      }),
    ).toMatchObject({
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      target: 'gitops',
      rule: 'otherwise-self-hosted',
      backup: { mode: 'scheduled', minRetentionDays: 7, pitr: false },
    });
  });

  it("carries the rule's number and reason apart from the rationale, which keeps its prefix", () => {
    const decision = decide({
      kind: 'database',
      environment: 'preview',
      criticality: 'ephemeral',
    });
    expect(decision).toMatchObject({
      rule: 'otherwise-self-hosted',
      ruleNumber: 5,
      reason:
        'the data can be rebuilt or recreated, so it is self-hosted through Crossplane',
    });
    expect(decision.rationale).toBe(
      'Rule 5 (otherwise-self-hosted): the data can be rebuilt or recreated, so it is self-hosted through Crossplane. Self-hosted postgres on cloudnative-pg, through the GitOps repo.',
    );

    // A rule without a reason: no reason, and none made up.
    const bare = decide(
      { kind: 'cache', environment: 'dev', criticality: 'ephemeral' },
      parsePolicy([
        { name: 'all-self-hosted', then: { strategy: 'self-hosted' } },
      ]),
    );
    expect(bare).toMatchObject({ rule: 'all-self-hosted', ruleNumber: 1 });
    expect(bare).not.toHaveProperty('reason');
  });

  it.each(['dev', 'preview'] as const)(
    'self-hosts an ephemeral %s database with no backups',
    environment => {
      expect(
        decide({ kind: 'database', environment, criticality: 'ephemeral' }),
      ).toMatchObject({
        provider: 'cloudnative-pg',
        target: 'gitops',
        backup: { mode: 'none', minRetentionDays: 0 },
      });
    },
  );

  it('makes backups optional for reconstructable data outside production and staging', () => {
    expect(
      decide({
        kind: 'database',
        environment: 'dev',
        criticality: 'reconstructable',
      }).backup.mode,
    ).toBe('optional');
  });

  it.each(ENVIRONMENTS)(
    'self-hosts a cache on Dragonfly by default in %s',
    environment => {
      expect(
        decide({ kind: 'cache', environment, criticality: 'reconstructable' }),
      ).toMatchObject({
        engine: 'dragonfly',
        provider: 'dragonfly',
        target: 'gitops',
      });
    },
  );

  it('self-hosts a cache on Redis when asked', () => {
    expect(
      decide({
        kind: 'cache',
        engine: 'redis',
        environment: 'dev',
        criticality: 'ephemeral',
      }),
    ).toMatchObject({
      engine: 'redis',
      provider: 'redis',
      strategy: 'self-hosted',
    });
  });

  it('refuses a Redis cache that needs scheduled backups, which the Redis operator cannot take', () => {
    expect(() =>
      decide({
        kind: 'cache',
        engine: 'redis',
        environment: 'production',
        criticality: 'reconstructable',
      }),
    ).toThrow(
      'Refused a reconstructable redis cache in production: it needs scheduled backups, and the Redis operator (OT-Container-Kit) takes no scheduled snapshots; use engine dragonfly, or criticality ephemeral if the cache may start empty',
    );
    expect(
      decide({
        kind: 'cache',
        engine: 'redis',
        environment: 'preview',
        criticality: 'reconstructable',
      }),
    ).toMatchObject({ provider: 'redis', backup: { mode: 'optional' } });
  });

  it('allows an ephemeral production cache', () => {
    expect(
      decide({
        kind: 'cache',
        environment: 'production',
        criticality: 'ephemeral',
      }).strategy,
    ).toBe('self-hosted');
  });

  it('decides or refuses every combination, and never anything else', () => {
    const outcomes: string[] = [];
    for (const kind of ['database', 'cache'] as const) {
      for (const environment of ENVIRONMENTS) {
        for (const criticality of CRITICALITY_LEVELS) {
          try {
            const { strategy, target } = decide({
              kind,
              environment,
              criticality,
            });
            outcomes.push(`${strategy}->${target}`);
          } catch (error) {
            outcomes.push(
              error instanceof InputError && /^Refused /.test(error.message)
                ? 'refused'
                : `unexpected: ${error}`,
            );
          }
        }
      }
    }
    expect(new Set(outcomes)).toEqual(
      new Set(['managed->terraform', 'self-hosted->gitops', 'refused']),
    );
    // 2 kinds x 4 environments x 3 levels; refused: 4 catastrophic caches,
    // 2 catastrophic throw-away databases, 1 ephemeral production database.
    expect(outcomes.filter(o => o === 'refused')).toHaveLength(7);
  });
});

describe('decide with invalid input', () => {
  it.each([
    [{ kind: 'queue' }, 'kind must be one of database, cache; got "queue"'],
    [
      { engine: 'mysql' },
      'engine must be one of postgres, redis, dragonfly; got "mysql"',
    ],
    [
      { engine: 'redis' },
      'engine redis cannot run a database; allowed for database: postgres',
    ],
    [
      { environment: 'prod' },
      'environment must be one of production, staging, preview, dev; got "prod"',
    ],
    [
      { criticality: 'high' },
      'criticality must be one of catastrophic, reconstructable, ephemeral; got "high"',
    ],
    [
      { criticality: undefined },
      'criticality must be one of catastrophic, reconstructable, ephemeral; got nothing',
    ],
  ])('names the field and the allowed values: %j', (override, message) => {
    expect(() =>
      decide({
        kind: 'database',
        environment: 'production',
        criticality: 'catastrophic',
        ...(override as object),
      } as any),
    ).toThrow(message);
  });
});

describe('decide with a policy from app-config', () => {
  it('uses Neon instead of RDS', () => {
    const policy = defaultPolicy({ managedPostgresProvider: 'neon' });
    expect(
      decide(
        {
          kind: 'database',
          environment: 'production',
          criticality: 'catastrophic',
        },
        policy,
      ),
    ).toMatchObject({
      strategy: 'managed',
      provider: 'neon',
      target: 'terraform',
    });
  });

  it('manages staging databases too', () => {
    const policy = parsePolicy([
      {
        name: 'staging-databases-managed',
        when: { kind: 'database', environment: 'staging' },
        then: { strategy: 'managed', provider: 'rds' },
        reason: 'staging mirrors production',
      },
      ...defaultPolicy(),
    ]);
    const decision = decide(
      {
        kind: 'database',
        environment: 'staging',
        criticality: 'reconstructable',
      },
      policy,
    );
    expect(decision).toMatchObject({
      strategy: 'managed',
      provider: 'rds',
      target: 'terraform',
    });
    expect(decision.rationale).toContain(
      'Rule 1 (staging-databases-managed): staging mirrors production',
    );
    // Other requests fall through to the default rules.
    expect(
      decide(
        { kind: 'database', environment: 'dev', criticality: 'ephemeral' },
        policy,
      ).provider,
    ).toBe('cloudnative-pg');
  });

  it('refuses with a custom reason', () => {
    const policy = parsePolicy([
      { when: { engine: 'redis' }, then: { refuse: 'we run Dragonfly only' } },
      ...defaultPolicy(),
    ]);
    expect(() =>
      decide(
        {
          kind: 'cache',
          engine: 'redis',
          environment: 'dev',
          criticality: 'ephemeral',
        },
        policy,
      ),
    ).toThrow('we run Dragonfly only [Rule 1 (rule-1)]');
  });

  it('says so when no rule covers a request', () => {
    const policy = parsePolicy([
      { when: { kind: 'cache' }, then: { strategy: 'self-hosted' } },
    ]);
    expect(() =>
      decide(
        { kind: 'database', environment: 'dev', criticality: 'ephemeral' },
        policy,
      ),
    ).toThrow(
      'No policy rule covers an ephemeral postgres database in dev; ask your platform team to extend datastores.policy',
    );
  });

  it('refuses a rule that picks a provider the engine cannot run on', () => {
    const policy = parsePolicy([
      { when: {}, then: { strategy: 'managed', provider: 'rds' } },
    ]);
    expect(() =>
      decide(
        { kind: 'cache', environment: 'dev', criticality: 'ephemeral' },
        policy,
      ),
    ).toThrow(
      'Rule 1 (rule-1) chooses managed on rds for an ephemeral dragonfly cache in dev, but the product cannot run dragonfly as managed',
    );
    const wrong = parsePolicy([
      { when: {}, then: { strategy: 'self-hosted', provider: 'redis' } },
    ]);
    expect(() =>
      decide(
        { kind: 'database', environment: 'dev', criticality: 'ephemeral' },
        wrong,
      ),
    ).toThrow('but a self-hosted postgres runs on cloudnative-pg');
  });

  it('requires a provider for a managed rule', () => {
    const policy = parsePolicy([{ when: {}, then: { strategy: 'managed' } }]);
    expect(() =>
      decide(
        {
          kind: 'database',
          environment: 'production',
          criticality: 'catastrophic',
        },
        policy,
      ),
    ).toThrow('a managed postgres runs on rds or neon');
  });
});

describe('parsePolicy', () => {
  it.each([
    [[], 'datastores.policy must be a non-empty list of rules'],
    [{}, 'datastores.policy must be a non-empty list of rules'],
    [[null], 'datastores.policy[0] must be an object with when and then'],
    [
      [{ when: [], then: { refuse: 'x' } }],
      'datastores.policy[0].when must be an object',
    ],
    [
      [{ when: { size: 'small' }, then: { refuse: 'x' } }],
      'datastores.policy[0].when.size is not a condition; allowed: kind, engine, environment, criticality',
    ],
    [
      [{ when: { environment: ['dev', 'qa'] }, then: { refuse: 'x' } }],
      'datastores.policy[0].when.environment must be one of production, staging, preview, dev; got "qa"',
    ],
    [
      [{ when: {}, then: { strategy: 'cloud' } }],
      'datastores.policy[0].then must be {strategy: managed | self-hosted, provider?} or {refuse: reason}',
    ],
    [
      [{ when: {}, then: { refuse: '  ' } }],
      'datastores.policy[0].then must be',
    ],
    [
      [{ when: {}, then: { strategy: 'managed', provider: 'aurora' } }],
      'datastores.policy[0].then.provider must be one of rds, neon, cloudnative-pg, dragonfly, redis; got "aurora"',
    ],
  ])('rejects %j', (raw, message) => {
    expect(() => parsePolicy(raw)).toThrow(message);
  });

  it('round-trips the default policy', () => {
    expect(parsePolicy(JSON.parse(JSON.stringify(defaultPolicy())))).toEqual(
      defaultPolicy().map(rule => ({ ...rule, reason: rule.reason })),
    );
  });
});

describe('decideRequest', () => {
  it('decides every environment of a request, in its order', () => {
    expect(
      decideRequest({
        kind: 'database',
        environments: ['production', 'dev'],
        criticality: 'reconstructable',
      }).map(d => [d.environment, d.strategy, d.provider, d.backup.mode]),
    ).toEqual([
      ['production', 'self-hosted', 'cloudnative-pg', 'scheduled'],
      ['dev', 'self-hosted', 'cloudnative-pg', 'optional'],
    ]);
  });

  it('throws the first refusal', () => {
    expect(() =>
      decideRequest({
        kind: 'cache',
        environments: ['dev', 'production'],
        criticality: 'catastrophic',
      }),
    ).toThrow(/^Refused a catastrophic dragonfly cache in dev/);
  });
});

describe('decideEach', () => {
  it('decides every environment and refuses only the one the policy refuses, with a hint', () => {
    const { decisions, refusals } = decideEach({
      kind: 'database',
      environments: ['production', 'preview'],
      criticality: 'catastrophic',
    });
    expect(decisions.map(d => [d.environment, d.strategy])).toEqual([
      ['production', 'managed'],
    ]);
    expect(refusals).toEqual([
      {
        environment: 'preview',
        reason: expect.stringContaining(
          'catastrophic data does not belong in a throw-away environment',
        ),
        hint: 'Untick preview to provision the other environments, or ask for preview separately as ephemeral (recreated from fixtures).',
      },
    ]);
    // The same refusal as decideRequest's.
    expect(() =>
      decideRequest({
        kind: 'database',
        environments: ['preview'],
        criticality: 'catastrophic',
      }),
    ).toThrow(refusals[0].reason);
  });

  it('says to choose another environment when the only one is refused', () => {
    const { refusals } = decideEach({
      kind: 'database',
      environments: ['dev'],
      criticality: 'catastrophic',
    });
    expect(refusals[0].hint).toMatch(
      /^Choose another environment, or ask for dev/,
    );
  });
});
