import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ProvisioningRequestRecord,
  decideRequest,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import yaml from 'yaml';
import { createChangeAction } from './change';
import { changeExamples } from './change.examples';
import { DayTwoActionOptions } from './dayTwo';
import { createDecommissionAction } from './decommission';
import { decommissionExamples } from './decommission.examples';
import { testDatastoresConfig } from '../../fixtures/actions/fixtures';

/** The datastores the examples start from, as the backend would have recorded them. */
function recorded(input: Record<string, unknown>): ProvisioningRequestRecord {
  const request = validateDatastoreRequest({
    service: 'component:default/orders',
    ...input,
  });
  return {
    service: 'component:default/orders',
    name: request.name,
    kind: request.kind,
    engine: request.engine,
    environments: request.environments,
    criticality: request.criticality,
    size: request.size,
    decisions: decideRequest(request).map(d => ({ ...d })),
    pullRequests: [],
    resources: [],
  };
}
const datastores = [
  recorded({
    name: 'main',
    kind: 'database',
    environments: ['production'],
    criticality: 'reconstructable',
  }),
  recorded({
    name: 'fixtures',
    kind: 'database',
    environments: ['preview'],
    criticality: 'ephemeral',
  }),
  recorded({
    name: 'users',
    kind: 'database',
    environments: ['production'],
    criticality: 'catastrophic',
  }),
  recorded({
    name: 'cache',
    kind: 'cache',
    environments: ['preview'],
    criticality: 'ephemeral',
  }),
];

// The examples run as a dry run: every file is rendered and nothing may reach GitHub
// (dayTwo.test.ts runs the real thing against the GitHub stand-in).
const options: DayTwoActionOptions = {
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
  engine: {
    openPullRequests: () =>
      Promise.reject(new Error('a dry run must not open pull requests')),
    getPullRequestStatuses: () =>
      Promise.reject(new Error('a dry run must not read GitHub')),
  },
  recordRequest: () => Promise.reject(new Error('a dry run must not record')),
  requests: async () => datastores,
  nameOwners: async ({ name }) => ({ stem: `orders-${name}`, owners: [] }),
};

describe.each([
  ['datastores:change', createChangeAction(options), changeExamples],
  [
    'datastores:decommission',
    createDecommissionAction(options),
    decommissionExamples,
  ],
] as const)('%s examples', (_id, action, examples) => {
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
      expect(output.files.length).toBeGreaterThan(0);
      expect(output.pullRequests).toEqual([]);
    },
  );
});
