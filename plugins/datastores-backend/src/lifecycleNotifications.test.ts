import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import {
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import eventsPlugin from '@backstage/plugin-events-backend';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import {
  createPullRequestEngine,
  requestMarker,
} from '@datastores/plugin-datastores-node';
import {
  GithubServer,
  KubernetesServer,
  startGithubServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';
import request from 'supertest';
import datastoresPlugin from './index';
import { catalogStandIn } from '../fixtures/catalogStandIn';
import { COLLECT_TASK_ID } from './live/setupLive';
import {
  clusterSecretStore,
  composite,
  datastoreResource,
  dragonfly,
  externalSecret,
  kubernetesClustersConfig,
} from '../fixtures/live/fixtures';

/**
 * The events backend's GitHub modules (webhook ingress with signature check, and the router
 * to `github.<event>` topics), by file: the package's own loader imports them dynamically,
 * which Jest's module system cannot do.
 */
const githubEventModules = [
  'service/eventsModuleGithubWebhook.cjs.js',
  'service/eventsModuleGithubEventRouter.cjs.js',
].map(
  file =>
    require(join(
      dirname(
        require.resolve('@backstage/plugin-events-backend-module-github'),
      ),
      file,
    )).default,
);

const REFRESH_TASK = 'datastores-refresh-requests';
const NOTIFY_TASK = 'datastores-notify';
const WEBHOOK_SECRET = 'webhook-secret';
const LABEL = 'backstage.io/kubernetes-id';

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** Alice asks; Bob is in the owning team; Carol is in neither. */
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: { [LABEL]: 'orders' },
    },
    spec: {
      type: 'service',
      owner: 'group:default/shop-team',
      lifecycle: 'production',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'shop-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: 'user:default/bob' }],
  },
  user('alice'),
  user('bob'),
  user('carol'),
];

const cacheRecord: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'sessions',
  kind: 'cache',
  engine: 'dragonfly',
  environments: ['production'],
  criticality: 'reconstructable',
  decisions: [
    {
      environment: 'production',
      strategy: 'self-hosted',
      provider: 'dragonfly',
      target: 'gitops',
      rationale: 'r',
    },
  ],
  pullRequests: [],
  resources: ['resource:default/orders-sessions-production'],
  catalogFiles: [
    {
      target: 'gitops',
      path: 'catalog/orders/orders-sessions-production.yaml',
      entityRef: 'resource:default/orders-sessions-production',
    },
  ],
  requestedBy: 'user:default/alice',
};

/** The cache's catalog file, as its pull request writes it (JSON is YAML). */
const cacheFiles = {
  'catalog/orders/orders-sessions-production.yaml': JSON.stringify(
    datastoreResource('orders', 'sessions', {
      engine: 'dragonfly',
      environment: 'production',
      criticality: 'reconstructable',
      strategy: 'self-hosted',
      provider: 'dragonfly',
    }),
  ),
};

const databaseRecord: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  engine: 'postgres',
  environments: ['production'],
  criticality: 'catastrophic',
  decisions: [
    {
      environment: 'production',
      strategy: 'managed',
      provider: 'rds',
      target: 'terraform',
      rationale: 'r',
    },
  ],
  pullRequests: [],
  resources: ['resource:default/orders-main-production'],
  requestedBy: 'user:default/alice',
};

jest.setTimeout(60_000);

describe('lifecycle notifications, through the notifications backend', () => {
  let github: GithubServer;
  let k8s: KubernetesServer;
  beforeAll(async () => {
    jest.requireActual('@kubernetes/client-node');
    github = await startGithubServer();
    k8s = await startKubernetesServer({ tokens: ['t'] });
  });
  afterAll(async () => {
    await Promise.all([github.close(), k8s.close()]);
  });

  async function start() {
    github.reset();
    k8s.reset();
    for (const name of ['infra-gitops', 'infra-terraform']) {
      github.seedRepo({
        owner: 'acme',
        name,
        files: { 'README.md': 'x\n' },
        labels: ['datastores'],
      });
    }
    const integrations = {
      github: [
        {
          host: new URL(github.url).host,
          apiBaseUrl: github.apiBaseUrl,
          token: 't',
        },
      ],
    };
    // Backstage's mock scheduler runs a task when asked to (its type hides `factory`).
    const scheduler = mockServices.scheduler() as SchedulerService & {
      factory(options: {
        skipTaskRunOnStartup: boolean;
      }): ReturnType<typeof mockServices.scheduler.factory>;
    };
    const catalog = catalogStandIn({ github, entities });
    const { server } = await startTestBackend({
      features: [
        datastoresPlugin,
        kubernetesPlugin,
        notificationsPlugin,
        eventsPlugin,
        ...githubEventModules,
        // The events service a backend has (the test backend's mock keeps one bus per plugin).
        eventsServiceFactory,
        // The catalog registers the datastore's file once its pull request merges.
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            integrations,
            kubernetes: kubernetesClustersConfig([
              { name: 'prod', url: k8s.url },
            ]),
            events: {
              // One backend: its events stay in the process.
              useEventBus: 'never',
              modules: { github: { webhookSecret: WEBHOOK_SECRET } },
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
    const config = new ConfigReader({ integrations });
    const scm = ScmIntegrations.fromConfig(config);
    const engine = createPullRequestEngine({
      integrations: scm,
      credentialsProvider:
        DefaultGithubCredentialsProvider.fromIntegrations(scm),
    });

    /** Opens the request's pull request in the stand-in and records it, as the action does. */
    async function requestDatastore(
      record: ProvisioningRequestRecord,
      files: Record<string, string>,
    ) {
      const target = record.decisions[0].target;
      const repo = target === 'gitops' ? 'infra-gitops' : 'infra-terraform';
      const pr = await engine.openPullRequest({
        repo: `${github.url}/acme/${repo}`,
        branch: `datastores/orders-${record.name}`,
        files,
        title: `Provision ${record.kind} orders/${record.name} (production)`,
        body: `Why...\n\n${requestMarker(record)}`,
        labels: ['datastores'],
      });
      const response = await request(server)
        .post('/api/datastores/v1/requests')
        .set('Authorization', mockCredentials.service.header())
        .send({
          ...record,
          pullRequests: [
            { target, repo: `acme/${repo}`, url: pr.url, number: pr.number },
          ],
        });
      expect(response.status).toBe(201);
      return { ...pr, repo };
    }

    /** What a user sees in the notifications page, oldest first. */
    async function notificationsOf(name: string) {
      const response = await request(server)
        .get('/api/notifications/notifications')
        .set(
          'Authorization',
          mockCredentials.user.header(`user:default/${name}`),
        );
      expect(response.status).toBe(200);
      return (
        response.body.notifications as Array<{
          created: string;
          payload: {
            title: string;
            description: string;
            link: string;
            severity: string;
          };
        }>
      )
        .sort((a, b) => a.created.localeCompare(b.created))
        .map(n => n.payload);
    }
    const titlesOf = async (name: string) =>
      (await notificationsOf(name)).map(n => n.title);

    return {
      server,
      scheduler,
      catalog,
      engine,
      requestDatastore,
      notificationsOf,
      titlesOf,
    };
  }

  it('tells the requester and the owning team each step of a self-hosted cache once, up to ready with how to connect', async () => {
    const { scheduler, catalog, requestDatastore, notificationsOf, titlesOf } =
      await start();
    const pr = await requestDatastore(cacheRecord, cacheFiles);

    await scheduler.triggerTask(NOTIFY_TASK);
    expect(await titlesOf('alice')).toEqual([
      'Pull requests opened for sessions (production)',
    ]);
    const [opened] = await notificationsOf('bob');
    expect(opened).toMatchObject({
      title: 'Pull requests opened for sessions (production)',
      description: expect.stringContaining(pr.url),
      link: '/catalog/default/component/orders/datastores',
    });
    expect(await titlesOf('carol')).toEqual([]);

    // Merged: the refresh reads it and tells it; the catalog takes the merged entity (as the
    // catalog module's entity provider does, from the repo).
    github.mergePullRequest('acme', 'infra-gitops', pr.number);
    await catalog.addLocation(
      {
        type: 'url',
        target: `${github.url}/acme/infra-gitops/blob/main/catalog/orders/orders-sessions-production.yaml`,
      },
      { credentials: mockCredentials.service() },
    );
    await scheduler.triggerTask(REFRESH_TASK);
    expect(await titlesOf('alice')).toEqual([
      'Pull requests opened for sessions (production)',
      'sessions (production) merged',
    ]);

    // The GitOps controller applies it; the operator makes it ready; the collector sees it.
    k8s.apply(
      composite('orders', 'CacheInstance', 'orders-sessions-production'),
    );
    k8s.apply(dragonfly('orders', 'orders-sessions-production'));
    // ESO syncs its connection secret, from a store that is ready.
    k8s.apply(clusterSecretStore());
    k8s.apply(
      externalSecret('orders', 'orders-sessions-production-app', {
        status: 'True',
        reason: 'SecretSynced',
      }),
    );
    await scheduler.triggerTask(COLLECT_TASK_ID);
    await scheduler.triggerTask(NOTIFY_TASK);
    // Told once: another run, another refresh tell nothing new.
    await scheduler.triggerTask(NOTIFY_TASK);
    await scheduler.triggerTask(REFRESH_TASK);
    for (const name of ['alice', 'bob']) {
      expect(await titlesOf(name)).toEqual([
        'Pull requests opened for sessions (production)',
        'sessions (production) merged',
        'sessions (production) is ready',
      ]);
    }
    const ready = (await notificationsOf('alice'))[2];
    expect(ready.description).toMatch(
      /^Connect with the secret orders-sessions-production-app in the service's namespace, keys: \S+/,
    );
    expect(await titlesOf('carol')).toEqual([]);
  });

  it('tells an apply failure of a managed database, once, as a failure', async () => {
    const { scheduler, requestDatastore, notificationsOf, titlesOf } =
      await start();
    const pr = await requestDatastore(databaseRecord, {
      'datastores/production/orders-main/main.tf': '# db\n',
    });
    await scheduler.triggerTask(NOTIFY_TASK);
    const sha = github.mergePullRequest('acme', 'infra-terraform', pr.number);
    github.addCheckRun('acme', 'infra-terraform', sha, {
      name: 'apply (datastores/production/orders-main)',
      status: 'completed',
      conclusion: 'failure',
    } as any);
    await scheduler.triggerTask(REFRESH_TASK);
    await scheduler.triggerTask(REFRESH_TASK);
    expect(await titlesOf('bob')).toEqual([
      'Pull requests opened for main (production)',
      'main (production) failed at applied',
    ]);
    const failed = (await notificationsOf('alice'))[1];
    expect(failed).toMatchObject({
      severity: 'high',
      description: 'The apply workflow failed on the merge commit.',
    });
  });

  it('moves a request on a signed GitHub webhook, and refuses an unsigned one', async () => {
    const { server, scheduler, requestDatastore, titlesOf } = await start();
    const pr = await requestDatastore(cacheRecord, cacheFiles);
    await scheduler.triggerTask(NOTIFY_TASK);
    github.mergePullRequest('acme', 'infra-gitops', pr.number);
    const body = JSON.stringify({
      action: 'closed',
      number: pr.number,
      pull_request: { number: pr.number, merged: true },
      repository: { full_name: 'acme/infra-gitops' },
    });
    const post = (signature?: string) => {
      const call = request(server)
        .post('/api/events/http/github')
        .set('Content-Type', 'application/json')
        .set('x-github-event', 'pull_request');
      return (
        signature ? call.set('x-hub-signature-256', signature) : call
      ).send(body);
    };
    expect((await post()).status).toBe(403);
    const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET)
      .update(body)
      .digest('hex')}`;
    expect((await post(signature)).status).toBe(202);
    // No scheduled refresh runs here: only the event moves it.
    const deadline = Date.now() + 10_000;
    let titles = await titlesOf('alice');
    while (titles.length < 2 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 100));
      titles = await titlesOf('alice');
    }
    expect(titles).toEqual([
      'Pull requests opened for sessions (production)',
      'sessions (production) merged',
    ]);
  });
});
