import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { SchedulerService } from '@backstage/backend-plugin-api';
import { urlReaderServiceFactory } from '@backstage/backend-defaults/urlReader';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { GithubServer, startGithubServer } from '@datastores/test-servers';
import request from 'supertest';
import catalogModuleDatastoresEntities, { ENTITIES_TASK } from './index';

/** A datastore's entity as the action writes it (JSON is YAML). */
function datastoreEntity(name: string, extra: object = {}) {
  return JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'datastores.io/strategy': 'self-hosted',
        'datastores.io/provider': 'dragonfly',
        'datastores.io/environment': 'production',
      },
      ...extra,
    },
    spec: { type: 'cache', owner: 'group:default/shop-team' },
  });
}

jest.setTimeout(60_000);

describe('the datastores entity provider, in the catalog backend', () => {
  let github: GithubServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  // Backstage's mock scheduler runs a task when asked to (its type hides `factory`).
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: {
      skipTaskRunOnStartup: boolean;
    }): ReturnType<typeof mockServices.scheduler.factory>;
  };

  beforeAll(async () => {
    github = await startGithubServer();
    github.seedRepo({
      owner: 'acme',
      name: 'infra-gitops',
      files: {
        'README.md': 'x\n',
        'catalog/shop/orders-sessions-production.yaml': datastoreEntity(
          'orders-sessions-production',
        ),
        // Not a datastore: a Resource without the datastores' annotations, and a Component.
        'catalog/shop/other.yaml': JSON.stringify({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'bucket' },
          spec: { type: 's3', owner: 'group:default/shop-team' },
        }),
        // Outside the catalog path: the GitOps controller's files.
        'apps/shop/production/orders-sessions-production.yaml':
          'apiVersion: datastores.platform.io/v1alpha1\nkind: CacheInstance\n',
      },
    });
    github.seedRepo({
      owner: 'acme',
      name: 'infra-terraform',
      files: {
        'datastores/production/orders-main/catalog-info.yaml': datastoreEntity(
          'orders-main-production',
        ),
        'datastores/production/orders-main/main.tf': 'terraform {}\n',
      },
    });
    const host = new URL(github.url).host;
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleDatastoresEntities,
        // Backstage's own URL reader, reading the GitHub stand-in as it reads GitHub.
        urlReaderServiceFactory,
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            integrations: {
              github: [{ host, apiBaseUrl: github.apiBaseUrl, token: 't' }],
            },
            catalog: {
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
            },
            datastores: {
              targets: {
                terraform: { repoUrl: `${github.url}/acme/infra-terraform` },
                gitops: { repoUrl: `${github.url}/acme/infra-gitops` },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend.stop();
    await github.close();
  });

  /** The entity as the catalog serves it, once processed (polling; the catalog is async). */
  async function entity(name: string, present = true) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await request(backend.server)
        .get(`/api/catalog/entities/by-name/resource/default/${name}`)
        .set('Authorization', mockCredentials.user.header());
      if ((response.status === 200) === present) return response.body;
      if (Date.now() > deadline) {
        throw new Error(
          `resource:default/${name} should be ${
            present ? 'in' : 'out of'
          } the catalog; got ${response.status}`,
        );
      }
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it('emits the datastore entities of both repos, with their file as location', async () => {
    await scheduler.triggerTask(ENTITIES_TASK);
    const cache = await entity('orders-sessions-production');
    const fileUrl = `${github.url}/acme/infra-gitops/blob/main/catalog/shop/orders-sessions-production.yaml`;
    expect(cache.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `url:${fileUrl}`,
      'backstage.io/managed-by-origin-location': `url:${fileUrl}`,
      'datastores.io/provider': 'dragonfly',
    });
    await entity('orders-main-production');
    await entity('bucket', false);
  });

  it('follows merges: a new file is added, an edited one updated, a removed one taken out', async () => {
    await scheduler.triggerTask(ENTITIES_TASK);
    await entity('orders-main-production');
    github.pushCommit({
      owner: 'acme',
      repo: 'infra-gitops',
      branch: 'main',
      files: {
        'catalog/shop/orders-ratelimits-staging.yaml': datastoreEntity(
          'orders-ratelimits-staging',
        ),
        'catalog/shop/orders-sessions-production.yaml': datastoreEntity(
          'orders-sessions-production',
          { description: 'Sessions, edited in the repo' },
        ),
      },
    });
    github.pushCommit({
      owner: 'acme',
      repo: 'infra-terraform',
      branch: 'main',
      files: { 'datastores/production/orders-main/catalog-info.yaml': null },
    });
    await scheduler.triggerTask(ENTITIES_TASK);
    expect((await entity('orders-ratelimits-staging')).spec.type).toBe('cache');
    expect(await entity('orders-main-production', false)).toMatchObject({
      error: { name: 'NotFoundError' },
    });
    const deadline = Date.now() + 20_000;
    while (
      (await entity('orders-sessions-production')).metadata.description !==
      'Sessions, edited in the repo'
    ) {
      if (Date.now() > deadline) throw new Error('the edit should show');
      await new Promise(r => setTimeout(r, 200));
    }
  });

  it('reads a repo whose commit has not moved no further than its commit', async () => {
    await scheduler.triggerTask(ENTITIES_TASK);
    github.calls.length = 0;
    await scheduler.triggerTask(ENTITIES_TASK);
    const paths = github.calls.map(c => `${c.method} ${c.path}`);
    expect(paths.some(p => p.includes('/git/trees/'))).toBe(false);
    expect(paths.some(p => p.includes('/git/blobs/'))).toBe(false);
    expect(paths.filter(p => p.endsWith('/status'))).toHaveLength(2);
  });

  it('keeps what it read when GitHub fails, and removes nothing', async () => {
    github.pushCommit({
      owner: 'acme',
      repo: 'infra-gitops',
      branch: 'main',
      files: { 'README.md': 'moved\n' },
    });
    github.fault({ match: 'git/trees', status: 502, times: 10 });
    github.calls.length = 0;
    await scheduler.triggerTask(ENTITIES_TASK);
    github.clearFaults();
    // The moved repo was asked for its files, and failed.
    expect(
      github.calls.filter(c =>
        c.path.startsWith('/repos/acme/infra-gitops/git/trees/'),
      ),
    ).not.toHaveLength(0);
    await new Promise(r => setTimeout(r, 1000));
    await entity('orders-sessions-production');
    await entity('orders-ratelimits-staging');
  });
});
