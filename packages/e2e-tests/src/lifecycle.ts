/*
 * A request followed to ready, and told: a self-hosted staging cache of `orders`, requested as
 * the guest (recorded with the backend as the action records it, its GitOps pull request on
 * the stand-in), merged on the GitHub stand-in, made ready on the Kubernetes stand-in; the
 * guest's notifications page shows each step, the last one arriving while the page is open
 * (signals, no reload).
 */
import { GithubServer, KubernetesServer } from '@datastores/test-servers';
import { Page } from 'playwright-core';
import { E2E_TOKEN, UI_TIMEOUT_MS, check, say, screenshot } from './report';

const NAME = 'ratelimits';
const ENTITY = `orders-${NAME}-staging`;
const CATALOG_FILE = `catalog/orders/${ENTITY}.yaml`;
const GUEST_REF = 'user:development/guest';
const LABELS = { 'backstage.io/kubernetes-id': 'orders' };
/** From the merge to the notification of ready: refresh, collection, notification. */
const READY_TIMEOUT_MS = 120_000;

/** The datastore's catalog entity, as the action writes it (JSON is YAML). */
const resource = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: ENTITY,
    annotations: {
      'datastores.io/engine': 'dragonfly',
      'datastores.io/environment': 'staging',
      'datastores.io/criticality': 'reconstructable',
      'datastores.io/strategy': 'self-hosted',
      'datastores.io/provider': 'dragonfly',
      'backstage.io/kubernetes-id': 'orders',
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
  spec: {
    type: 'cache',
    owner: 'group:default/shop-team',
    dependencyOf: ['component:default/orders'],
  },
};

/** Runs one of a plugin's scheduled tasks now; a 409 says it is running, which does too. */
async function trigger(
  backendUrl: string,
  task: string,
  plugin = 'datastores',
) {
  const response = await fetch(
    `${backendUrl}/api/${plugin}/.backstage/scheduler/v1/tasks/${task}/trigger`,
    { method: 'POST', headers: { authorization: `Bearer ${E2E_TOKEN}` } },
  );
  check(
    response.ok || response.status === 409,
    `triggering ${task} answered ${response.status} ${await response.text()}`,
  );
}

/** Waits for a notification's title on the open notifications page, triggering `tasks` meanwhile. */
async function waitForNotification(
  page: Page,
  title: string,
  backendUrl: string,
  tasks: string[],
) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const shown = page.getByText(title).first();
  for (;;) {
    for (const task of tasks) await trigger(backendUrl, task);
    if (await shown.isVisible()) return;
    check(
      Date.now() < deadline,
      `the notifications page should show "${title}" within ${
        READY_TIMEOUT_MS / 1000
      } s`,
    );
    await shown.waitFor({ timeout: 3_000 }).catch(() => {});
  }
}

export async function checkLifecycleNotifications(
  page: Page,
  frontendUrl: string,
  backendUrl: string,
  github: GithubServer,
  kubernetes: KubernetesServer,
) {
  const pr = github.openPullRequestAs({
    owner: 'acme',
    repo: 'infra-gitops',
    author: 'e2e',
    branch: `datastores/orders-${NAME}`,
    files: { [CATALOG_FILE]: JSON.stringify(resource, null, 2) },
    title: `Provision cache orders/${NAME} (staging)`,
    body: 'Opened by the e2e test for the lifecycle notifications.',
    labels: ['datastores'],
  });
  const url = `${github.url}/acme/infra-gitops/pull/${pr.number}`;
  const recorded = await fetch(`${backendUrl}/api/datastores/v1/requests`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${E2E_TOKEN}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      service: 'component:default/orders',
      name: NAME,
      kind: 'cache',
      engine: 'dragonfly',
      environments: ['staging'],
      criticality: 'reconstructable',
      namespace: 'shop',
      decisions: [
        {
          environment: 'staging',
          strategy: 'self-hosted',
          provider: 'dragonfly',
          target: 'gitops',
          rationale: 'Reconstructable: self-hosted.',
        },
      ],
      pullRequests: [
        { target: 'gitops', repo: 'acme/infra-gitops', url, number: pr.number },
      ],
      resources: [`resource:default/${ENTITY}`],
      catalogFiles: [
        {
          target: 'gitops',
          path: CATALOG_FILE,
          entityRef: `resource:default/${ENTITY}`,
        },
      ],
      requestedBy: GUEST_REF,
    }),
  });
  check(
    recorded.status === 201,
    `recording the ${NAME} request answered ${
      recorded.status
    } ${await recorded.text()}`,
  );
  say(`lifecycle: ${NAME} requested as ${GUEST_REF}, ${url}`);

  await page.goto(`${frontendUrl}/notifications`);
  await waitForNotification(
    page,
    `Pull requests opened for ${NAME} (staging)`,
    backendUrl,
    ['datastores-notify'],
  );
  say('notifications page: "pull requests opened" shown');

  // Merged, then applied by the GitOps controller and made ready by the operator.
  github.mergePullRequest('acme', 'infra-gitops', pr.number);
  // Told once the refresh reads the merge, before the GitOps controller has applied anything
  // (a merge and a ready seen in the same run are told as ready alone).
  await waitForNotification(page, `${NAME} (staging) merged`, backendUrl, [
    'datastores-refresh-requests',
    'datastores-notify',
  ]);
  say(`notifications page: "${NAME} (staging) merged" shown`);
  for (const object of [
    {
      apiVersion: 'datastores.platform.io/v1alpha1',
      kind: 'CacheInstance',
      metadata: { name: ENTITY, namespace: 'shop', labels: LABELS },
      spec: {},
      status: {
        conditions: [
          { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
          { type: 'Ready', status: 'True', reason: 'Available' },
        ],
      },
    },
    {
      apiVersion: 'dragonflydb.io/v1alpha1',
      kind: 'Dragonfly',
      metadata: { name: ENTITY, namespace: 'shop', labels: LABELS },
      spec: { replicas: 1 },
      status: { phase: 'Ready' },
    },
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: `${ENTITY}-app`, namespace: 'shop', labels: LABELS },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: {
          kind: 'ClusterSecretStore',
          name: 'aws-secrets-manager',
        },
      },
      status: {
        refreshTime: new Date().toISOString(),
        conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
      },
    },
  ]) {
    kubernetes.apply(object);
  }
  say(`stand-ins: ${url} merged; ${ENTITY} applied and ready in the cluster`);
  // The page stays open: the notifications arrive by signal.
  await waitForNotification(page, `${NAME} (staging) is ready`, backendUrl, [
    'datastores-refresh-requests',
    'datastores-collect-live',
    'datastores-notify',
  ]);
  const connect = page.getByText(`Connect with the secret ${ENTITY}-app`);
  await connect.first().waitFor({ timeout: UI_TIMEOUT_MS });
  say('notifications page: ready shown, with how to connect');

  // The catalog took the merged entity from the repo (the catalog module's entity provider).
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    await trigger(backendUrl, 'datastores-entities', 'catalog');
    const response = await fetch(
      `${backendUrl}/api/catalog/entities/by-name/resource/default/${ENTITY}`,
      { headers: { authorization: `Bearer ${E2E_TOKEN}` } },
    );
    if (response.ok) {
      const entity = await response.json();
      check(
        entity.metadata.annotations['backstage.io/managed-by-location'] ===
          `url:${github.url}/acme/infra-gitops/blob/main/${CATALOG_FILE}`,
        `resource:default/${ENTITY} should be located at its file, not ${entity.metadata.annotations['backstage.io/managed-by-location']}`,
      );
      break;
    }
    check(
      Date.now() < deadline,
      `the catalog should hold resource:default/${ENTITY} within ${
        READY_TIMEOUT_MS / 1000
      } s of its merge; last answer ${response.status}`,
    );
    await new Promise(r => setTimeout(r, 1_000));
  }
  say(`catalog: resource:default/${ENTITY} read from ${CATALOG_FILE}`);
  await screenshot(page, 'notifications-ready');
}
