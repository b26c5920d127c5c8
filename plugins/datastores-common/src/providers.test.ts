import { PROVIDERS, STRATEGIES, DATASTORE_ENGINES } from './model';
import { PROVIDER_FACTS, providersFor } from './providers';

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
