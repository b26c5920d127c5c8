import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createProvisionAction } from './provision';
import { examples } from './provision.examples';
import { testDatastoresConfig } from '../../fixtures/actions/fixtures';

// The examples run as a dry run: every file is rendered and nothing may reach GitHub
// (provision.test.ts runs the real thing against the GitHub stand-in).
const noGithub = {
  openPullRequests: () =>
    Promise.reject(new Error('a dry run must not open pull requests')),
};

describe('datastores:provision examples', () => {
  const action = createProvisionAction({
    config: testDatastoresConfig(),
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'orders', namespace: 'default' },
          spec: { type: 'service', owner: 'group:default/shop-team' },
        },
      ],
    }),
    permissions: mockServices.permissions(),
    engine: noGithub,
    recordRequest: () => Promise.reject(new Error('a dry run must not record')),
    // Nobody else holds the examples' names.
    nameOwners: async ({ name }) => ({ stem: `orders-${name}`, owners: [] }),
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'runs: %s',
    async (_d, example) => {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = Object.assign(
        createMockActionContext({ input: step.input }),
        { isDryRun: true },
      );
      await action.handler(ctx as any);
      const output = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      expect(output.decisions.map((d: any) => d.environment)).toEqual(
        step.input.environments,
      );
      expect(output.files.length).toBeGreaterThan(0);
      expect(output.resources).toHaveLength(step.input.environments.length);
    },
  );
});
