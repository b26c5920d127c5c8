import { startKubernetesServer, KubernetesServer, pluralOf } from './server';

const auth = { authorization: 'Bearer t' };

describe('Kubernetes stand-in', () => {
  let k8s: KubernetesServer;
  beforeEach(async () => {
    k8s = await startKubernetesServer({
      objects: [
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: {
            name: 'orders-main-production',
            namespace: 'orders',
            labels: { 'backstage.io/kubernetes-id': 'orders' },
          },
        },
        {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: {
            name: 'billing-main-production',
            namespace: 'billing',
            labels: { 'backstage.io/kubernetes-id': 'billing' },
          },
        },
      ],
    });
  });
  afterEach(() => k8s.close());

  it('lists by group, version, plural and label selector', async () => {
    const res = await fetch(
      `${
        k8s.url
      }/apis/external-secrets.io/v1/externalsecrets?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id=orders',
      )}`,
      { headers: auth },
    );
    const body = await res.json();
    expect(body.kind).toBe('ExternalSecretList');
    expect(body.items.map((i: any) => i.metadata.name)).toEqual([
      'orders-main-production',
    ]);
    const ns = await fetch(
      `${k8s.url}/apis/external-secrets.io/v1/namespaces/billing/externalsecrets`,
      { headers: auth },
    ).then(r => r.json());
    expect(ns.items).toHaveLength(1);
    const set = await fetch(
      `${
        k8s.url
      }/apis/external-secrets.io/v1/externalsecrets?labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id in (orders,billing)',
      )}`,
      { headers: auth },
    ).then(r => r.json());
    expect(set.items).toHaveLength(2);
    expect(k8s.calls.map(c => c.status)).toEqual([200, 200, 200]);
  });

  it('lists in chunks with limit and continue, as the API server does', async () => {
    for (let i = 0; i < 5; i++) {
      k8s.apply({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: {
          name: `s${i}`,
          namespace: 'shop',
          labels: { 'backstage.io/kubernetes-id': `svc-${i}` },
        },
      });
    }
    const page = (query: string) =>
      fetch(`${k8s.url}/apis/external-secrets.io/v1/externalsecrets?${query}`, {
        headers: auth,
      }).then(async r => ({ status: r.status, body: await r.json() }));

    const names: string[] = [];
    let query = 'limit=3';
    let first: any;
    for (;;) {
      const { body } = await page(query);
      first ??= body;
      names.push(
        ...body.items.map(
          (i: any) => `${i.metadata.namespace}/${i.metadata.name}`,
        ),
      );
      if (!body.metadata.continue) break;
      query = `limit=3&continue=${encodeURIComponent(body.metadata.continue)}`;
    }
    // Seven objects in key order, three at a time; the count left only without a selector.
    expect(names).toEqual([
      'billing/billing-main-production',
      'orders/orders-main-production',
      'shop/s0',
      'shop/s1',
      'shop/s2',
      'shop/s3',
      'shop/s4',
    ]);
    expect(first.metadata.remainingItemCount).toBe(4);
    const selected = await page(
      `limit=1&labelSelector=${encodeURIComponent(
        'backstage.io/kubernetes-id',
      )}`,
    );
    expect(selected.body.metadata.continue).toBeDefined();
    expect(selected.body.metadata.remainingItemCount).toBeUndefined();

    // A token it did not issue: 400; one from before a compaction: 410 Gone.
    expect((await page('limit=1&continue=bm90LWEtdG9rZW4')).status).toBe(400);
    const old = first.metadata.continue;
    k8s.expireContinueTokens();
    const gone = await page(`limit=3&continue=${encodeURIComponent(old)}`);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({
      kind: 'Status',
      reason: 'Expired',
      code: 410,
    });
  });

  it('answers 404 for a custom resource type it does not serve (no CRD), when told which it has', async () => {
    const cluster = await startKubernetesServer({
      crds: ['postgresql.cnpg.io/clusters'],
    });
    try {
      const get = (path: string) =>
        fetch(`${cluster.url}${path}`, { headers: auth }).then(async r => ({
          status: r.status,
          body: await r.json(),
        }));
      expect((await get('/apis/postgresql.cnpg.io/v1/clusters')).status).toBe(
        200,
      );
      const missing = await get('/apis/external-secrets.io/v1/externalsecrets');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
      });
    } finally {
      await cluster.close();
    }
  });

  it('gets one object by name, namespaced or cluster-scoped, 404 when absent', async () => {
    k8s.apply({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws' },
    });
    const one = await fetch(
      `${k8s.url}/apis/external-secrets.io/v1/namespaces/orders/externalsecrets/orders-main-production`,
      { headers: auth },
    );
    expect(one.status).toBe(200);
    expect((await one.json()).metadata.name).toBe('orders-main-production');
    const store = await fetch(
      `${k8s.url}/apis/external-secrets.io/v1/clustersecretstores/aws`,
      { headers: auth },
    );
    expect((await store.json()).kind).toBe('ClusterSecretStore');
    const missing = await fetch(
      `${k8s.url}/apis/external-secrets.io/v1/clustersecretstores/nope`,
      { headers: auth },
    );
    expect(missing.status).toBe(404);
  });

  it('answers 401 without a bearer token, 404 for unknown paths', async () => {
    expect(
      (await fetch(`${k8s.url}/apis/external-secrets.io/v1/externalsecrets`))
        .status,
    ).toBe(401);
    expect((await fetch(`${k8s.url}/nothing`, { headers: auth })).status).toBe(
      404,
    );
  });

  it('injects latency, errors and hangs', async () => {
    k8s.fault({ match: 'externalsecrets', status: 500 });
    expect(
      (
        await fetch(`${k8s.url}/apis/external-secrets.io/v1/externalsecrets`, {
          headers: auth,
        })
      ).status,
    ).toBe(500);
    k8s.clearFaults();
    k8s.fault({ hang: true });
    const hung = fetch(
      `${k8s.url}/apis/external-secrets.io/v1/externalsecrets`,
      { headers: auth, signal: AbortSignal.timeout(200) },
    );
    await expect(hung).rejects.toThrow();
    expect(k8s.calls[k8s.calls.length - 1].status).toBe(0);
    k8s.clearFaults();
    k8s.fault({ latencyMs: 100 });
    const start = Date.now();
    await fetch(`${k8s.url}/apis/external-secrets.io/v1/externalsecrets`, {
      headers: auth,
    });
    expect(Date.now() - start).toBeGreaterThanOrEqual(90);
  });

  it('knows the plurals of the kinds it serves', () => {
    expect(pluralOf('Dragonfly')).toBe('dragonflies');
    expect(pluralOf('Redis')).toBe('redis');
    expect(pluralOf('ClusterSecretStore')).toBe('clustersecretstores');
    expect(pluralOf('PostgresInstance')).toBe('postgresinstances');
  });
});
