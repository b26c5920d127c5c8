import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { PullRequestEngine } from './engine';
import { pullRequestEngineServiceRef } from './pullRequestEngineService';

describe('pullRequestEngineServiceRef', () => {
  it('gives every plugin and module of a backend the same engine', async () => {
    const seen: Array<[string, PullRequestEngine]> = [];
    const user = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: { engine: pullRequestEngineServiceRef },
            async init({ engine }) {
              seen.push([pluginId, engine]);
            },
          });
        },
      });
    const module = createBackendModule({
      pluginId: 'scaffolder',
      moduleId: 'datastores-test',
      register(env) {
        env.registerInit({
          deps: { engine: pullRequestEngineServiceRef },
          async init({ engine }) {
            seen.push(['scaffolder module', engine]);
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        user('datastores'),
        user('scaffolder'),
        module,
        mockServices.rootConfig.factory({
          data: {
            integrations: { github: [{ host: 'github.com', token: 't' }] },
          },
        }),
      ],
    });
    expect(seen.map(([who]) => who).sort()).toEqual([
      'datastores',
      'scaffolder',
      'scaffolder module',
    ]);
    expect(new Set(seen.map(([, engine]) => engine)).size).toBe(1);
    expect(typeof seen[0][1].openPullRequests).toBe('function');
    await backend.stop();
  });
});
