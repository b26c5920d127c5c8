import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  KubernetesServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import { KubernetesQueryClient } from './KubernetesQueryClient';
import { kubernetesConfig } from '../../fixtures/live/fixtures';

const EXTERNAL_SECRETS = {
  group: 'external-secrets.io',
  version: 'v1',
  plural: 'externalsecrets',
};

/** Through the real Kubernetes backend's proxy, to the stand-in cluster "local". */
describe('KubernetesQueryClient.listAll', () => {
  let k8s: KubernetesServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let client: KubernetesQueryClient;

  beforeAll(async () => {
    k8s = await startKubernetesServer({ tokens: ['t'] });
    backend = await startTestBackend({
      features: [
        kubernetesPlugin,
        mockServices.rootConfig.factory({
          data: { kubernetes: kubernetesConfig(k8s.url) },
        }),
      ],
    });
    const baseUrl = `http://localhost:${backend.server.port()}/api/kubernetes`;
    client = new KubernetesQueryClient({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
      timeoutMs: 2000,
    });
    // The Kubernetes backend's first proxied call sets up its proxy (seconds, cold): not timed.
    await new KubernetesQueryClient({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth(),
      timeoutMs: 30_000,
    }).listAll(
      'local',
      { group: '', version: 'v1', plural: 'namespaces' },
      { pageSize: 1, deadlineMs: 30_000 },
    );
  });
  afterAll(async () => {
    await backend?.stop();
    await k8s?.close();
  });
  beforeEach(() => {
    k8s.reset();
    // 1,200 labelled ExternalSecrets in 12 namespaces, and 30 without the label.
    for (let i = 0; i < 1230; i++) {
      k8s.apply({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: {
          name: `s${i}`,
          namespace: `ns-${i % 12}`,
          ...(i < 1200
            ? { labels: { 'backstage.io/kubernetes-id': `svc-${i % 400}` } }
            : {}),
        },
      });
    }
  });

  const list = () =>
    client.listAll('local', EXTERNAL_SECRETS, {
      labelSelector: 'backstage.io/kubernetes-id',
      pageSize: 500,
      deadlineMs: 10_000,
    });

  it('lists every labelled object across namespaces, a page at a time, with the cluster’s own auth', async () => {
    const { items, pages } = await list();
    expect(items).toHaveLength(1200);
    expect(
      new Set(items.map(i => `${i.metadata?.namespace}/${i.metadata?.name}`))
        .size,
    ).toBe(1200);
    expect(pages).toBe(3);
    expect(k8s.calls.map(c => [c.path, c.labelSelector, c.status])).toEqual(
      Array(3).fill([
        '/apis/external-secrets.io/v1/externalsecrets',
        'backstage.io/kubernetes-id',
        200,
      ]),
    );
    // The proxy put in the cluster's service account token, not ours.
    expect(k8s.calls.every(c => c.authorization === 'Bearer t')).toBe(true);
  });

  it('starts again once when the cluster says a continue token is too old', async () => {
    k8s.fault({ match: 'GET /apis/external-secrets.io', latencyMs: 50 });
    const running = list();
    while (k8s.calls.filter(c => c.status === 200).length < 1) {
      await new Promise(r => setTimeout(r, 5));
    }
    k8s.expireContinueTokens();
    const { items } = await running;
    expect(items).toHaveLength(1200);
    expect(k8s.calls.map(c => c.status)).toEqual([200, 410, 200, 200, 200]);
  });

  it('names the cluster when it fails or does not answer', async () => {
    k8s.fault({ status: 403 });
    await expect(list()).rejects.toThrow(
      /^cluster local answered 403 for \/apis\/external-secrets.io\/v1\/externalsecrets: injected fault$/,
    );
    k8s.clearFaults();
    k8s.fault({ hang: true });
    await expect(list()).rejects.toThrow(
      'cluster local did not answer within 2000 ms for /apis/external-secrets.io/v1/externalsecrets',
    );
    k8s.clearFaults();
  });
});
