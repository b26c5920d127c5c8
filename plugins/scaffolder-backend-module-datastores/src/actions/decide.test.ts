import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_POLICY,
  defaultPolicy,
} from '@datastores/plugin-datastores-common';
import { createDecideAction } from './decide';

async function run(input: object, policy = DEFAULT_POLICY) {
  const action = createDecideAction({ policy });
  const ctx = createMockActionContext({ input: input as any });
  await action.handler(ctx as any);
  return (ctx.output as jest.Mock).mock.calls;
}

describe('datastores:decide', () => {
  it('outputs one decision per environment, in order', async () => {
    const calls = await run({
      kind: 'database',
      environments: ['production', 'dev'],
      criticality: 'reconstructable',
    });
    expect(calls).toHaveLength(1);
    const [name, decisions] = calls[0];
    expect(name).toBe('decisions');
    expect(
      decisions.map((d: any) => [
        d.environment,
        d.strategy,
        d.provider,
        d.target,
      ]),
    ).toEqual([
      ['production', 'self-hosted', 'cloudnative-pg', 'gitops'],
      ['dev', 'self-hosted', 'cloudnative-pg', 'gitops'],
    ]);
    expect(decisions[0].backup.mode).toBe('scheduled');
    expect(decisions[0].rationale).toContain('Rule 5 (otherwise-self-hosted)');
  });

  it('uses the configured policy', async () => {
    const [[, decisions]] = await run(
      {
        kind: 'database',
        environments: ['production'],
        criticality: 'catastrophic',
      },
      defaultPolicy({ managedPostgresProvider: 'neon' }),
    );
    expect(decisions[0]).toMatchObject({
      strategy: 'managed',
      provider: 'neon',
      target: 'terraform',
    });
  });

  it('refuses the whole request when one environment is refused', async () => {
    await expect(
      run({
        kind: 'database',
        environments: ['production', 'preview'],
        criticality: 'catastrophic',
      }),
    ).rejects.toThrow(
      'catastrophic data does not belong in a throw-away environment',
    );
  });

  it('names the wrong field', async () => {
    const error = await run({
      kind: 'db',
      environments: ['production'],
      criticality: 'catastrophic',
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(
      'kind must be one of database, cache; got "db"',
    );
  });
});
