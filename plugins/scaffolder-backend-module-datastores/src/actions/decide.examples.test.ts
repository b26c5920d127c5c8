import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { DEFAULT_POLICY } from '@datastores/plugin-datastores-common';
import yaml from 'yaml';
import { createDecideAction } from './decide';
import { examples } from './decide.examples';

describe('datastores:decide examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    'runs: %s',
    async (_d, example) => {
      const action = createDecideAction({ policy: DEFAULT_POLICY });
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx as any);
      const [[name, decisions]] = (ctx.output as jest.Mock).mock.calls;
      expect(name).toBe('decisions');
      expect(decisions.map((d: any) => d.environment)).toEqual(
        step.input.environments,
      );
    },
  );
});
