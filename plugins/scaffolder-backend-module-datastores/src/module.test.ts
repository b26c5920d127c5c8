import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import scaffolderDatastoresModule from './index';

/** Starts the module beside a stand-in scaffolder that only owns the extension point. */
async function registeredActions(config: object = {}) {
  const registered: TemplateAction<any, any, any>[] = [];
  const scaffolder = createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerExtensionPoint(scaffolderActionsExtensionPoint, {
        addActions: (...actions) => registered.push(...actions),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  await startTestBackend({
    features: [
      scaffolder,
      scaffolderDatastoresModule,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return registered;
}

async function decideProduction(action: TemplateAction<any, any, any>) {
  const ctx = createMockActionContext({
    input: {
      kind: 'database',
      environments: ['production'],
      criticality: 'catastrophic',
    },
  });
  await action.handler(ctx as any);
  return (ctx.output as jest.Mock).mock.calls[0][1][0];
}

describe('scaffolder datastores module', () => {
  it('registers datastores:decide, :provision, :change and :decommission, with the default policy', async () => {
    const actions = await registeredActions();
    expect(actions.map(a => a.id)).toEqual([
      'datastores:decide',
      'datastores:provision',
      'datastores:change',
      'datastores:decommission',
    ]);
    expect((await decideProduction(actions[0])).provider).toBe('rds');
  });

  it('uses the managed provider of app-config', async () => {
    const [action] = await registeredActions({
      datastores: { managed: { postgres: { provider: 'neon' } } },
    });
    expect((await decideProduction(action)).provider).toBe('neon');
  });

  it('uses the policy of app-config', async () => {
    const [action] = await registeredActions({
      datastores: {
        policy: [
          {
            when: {},
            then: { strategy: 'managed', provider: 'neon' },
            name: 'all-neon',
          },
        ],
      },
    });
    expect((await decideProduction(action)).rule).toBe('all-neon');
  });

  it('fails to start on a wrong policy, naming the key', async () => {
    await expect(
      registeredActions({
        datastores: {
          policy: [{ when: { size: 'xl' }, then: { refuse: 'no' } }],
        },
      }),
    ).rejects.toThrow('datastores.policy[0].when.size is not a condition');
  });
});
