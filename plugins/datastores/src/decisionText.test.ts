import { decisionReason, decisionRule } from './decisionText';
import { refreshIntervalText } from './labels';

describe('decisionReason', () => {
  it("says the rule's reason, then how it runs, in display names", () => {
    expect(
      decisionReason({
        strategy: 'managed',
        engine: 'postgres',
        provider: 'rds',
        reason: 'losing the data would be catastrophic',
      }),
    ).toBe(
      'Losing the data would be catastrophic. Managed PostgreSQL on AWS RDS, through the Terraform repo.',
    );
  });

  it('does not name the provider twice when it is the engine', () => {
    expect(
      decisionReason({
        strategy: 'self-hosted',
        engine: 'dragonfly',
        provider: 'dragonfly',
      }),
    ).toBe('Self-hosted Dragonfly, through the GitOps repo.');
  });

  it('names the rule on its own: number and id', () => {
    expect(decisionRule({ rule: 'otherwise-self-hosted', ruleNumber: 5 })).toBe(
      'Rule 5 · otherwise-self-hosted',
    );
  });
});

describe('refreshIntervalText', () => {
  it.each(['0', '0s', '0h0m0s'])('says %s is fetched once', interval => {
    expect(refreshIntervalText(interval)).toBe(
      `${interval} (fetched once, never refreshed)`,
    );
  });

  it('keeps any other interval as written', () => {
    expect(refreshIntervalText('1h')).toBe('1h');
    expect(refreshIntervalText('15m0s')).toBe('15m0s');
  });
});
