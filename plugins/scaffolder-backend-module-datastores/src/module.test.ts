import { startTestBackend } from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import scaffolderDatastoresModule from './index';
import { createDatastoresActions } from './actions';

describe('scaffolder datastores module', () => {
  it('registers its actions with the scaffolder', async () => {
    const registered: TemplateAction<any, any, any>[] = [];
    // A stand-in scaffolder plugin that only owns the extension point.
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
      features: [scaffolder, scaffolderDatastoresModule],
    });

    expect(registered.map(a => a.id)).toEqual(
      createDatastoresActions().map(a => a.id),
    );
  });
});
