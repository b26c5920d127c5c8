/*
 * `yarn start` in this package: the datastores backend plugin on its own, with the catalog,
 * the Kubernetes backend, notifications and events, against in-process stand-ins for GitHub and
 * Kubernetes (@datastores/test-servers). The catalog is the repository's example
 * (examples/org.yaml, examples/entities.yaml: the `orders` service and its three datastores),
 * and the Kubernetes stand-in holds their objects, healthy and synced, so the status endpoint
 * answers with live observations. Config: the root app-config.yaml, then dev/app-config.yaml
 * (port 7300), which reads the stand-ins' addresses from the environment this file sets.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  KubernetesObject,
  startGithubServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import {
  cnpgCluster,
  composite,
  clusterSecretStore,
  dragonfly,
  externalSecret,
} from '../fixtures/live/fixtures';

/** The token the stand-ins accept, and the one dev/app-config.yaml gives the backend. */
const STAND_IN_TOKEN = 'dev';

/** The objects a cluster holds for the example service, in its namespace `shop`. */
function exampleObjects(): KubernetesObject[] {
  const inShop = (o: KubernetesObject): KubernetesObject => ({
    ...o,
    metadata: { ...o.metadata, namespace: 'shop' },
  });
  const synced = { status: 'True', reason: 'SecretSynced' };
  return [
    clusterSecretStore(),
    // orders-main-production: RDS (managed); its connection secret synced by ESO.
    inShop(externalSecret('orders', 'orders-main-production', synced)),
    // orders-main-preview: CloudNativePG, through its Crossplane composite.
    inShop(cnpgCluster('orders', 'orders-main-preview')),
    inShop(composite('orders', 'PostgresInstance', 'orders-main-preview')),
    // orders-cache-production: Dragonfly, its secret synced, through its composite.
    inShop(dragonfly('orders', 'orders-cache-production')),
    inShop(externalSecret('orders', 'orders-cache-production-app', synced)),
    inShop(composite('orders', 'CacheInstance', 'orders-cache-production')),
  ];
}

async function main() {
  const github = await startGithubServer({ tokens: [STAND_IN_TOKEN] });
  for (const name of ['infra-terraform', 'infra-gitops']) {
    github.seedRepo({
      owner: 'acme',
      name,
      files: { 'README.md': `# ${name}\n\nThe dev backend's stand-in.\n` },
      labels: ['datastores'],
    });
  }
  const kubernetes = await startKubernetesServer({
    tokens: [STAND_IN_TOKEN],
    objects: exampleObjects(),
  });
  // Read by dev/app-config.yaml when the backend loads its config.
  process.env.DATASTORES_DEV_GITHUB_URL = github.url;
  process.env.DATASTORES_DEV_GITHUB_HOST = new URL(github.url).host;
  process.env.DATASTORES_DEV_GITHUB_API_BASE_URL = github.apiBaseUrl;
  process.env.DATASTORES_DEV_KUBERNETES_URL = kubernetes.url;
  process.env.DATASTORES_DEV_STAND_IN_TOKEN = STAND_IN_TOKEN;
  process.stdout.write(
    `Stand-ins: GitHub at ${github.url}, Kubernetes at ${kubernetes.url}\n`,
  );

  const backend = createBackend();
  // The event bus the plugin subscribes to (GitHub's webhooks arrive on it in the app).
  backend.add(import('@backstage/plugin-events-backend'));
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  // The lifecycle notifier tells requesters through it.
  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('../src'));
  await backend.start();

  const stop = async () => {
    await backend.stop();
    await Promise.all([github.close(), kubernetes.close()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
