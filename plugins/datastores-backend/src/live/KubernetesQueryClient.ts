import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { KubeObject } from '@datastores/plugin-datastores-node';

/**
 * Calls the Kubernetes backend plugin with the datastores plugin's own service credentials,
 * each call with a timeout: its cluster list, and lists through its proxy (its cluster
 * configuration and auth, no second cluster list).
 */
export class KubernetesQueryClient {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      timeoutMs: number;
    },
  ) {}

  /**
   * One call to the Kubernetes backend as this plugin's own service, with the timeout: `read`
   * turns the answer into the result (inside the timeout), `timedOut` says what did not answer.
   */
  private async call<T>(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
    read: (response: Response) => Promise<T>,
    timedOut: (timeoutMs: number) => string,
    timeoutMs = this.deps.timeoutMs,
  ): Promise<T> {
    const { discovery, auth } = this.deps;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const baseUrl = await discovery.getBaseUrl('kubernetes');
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'kubernetes',
      });
      const response = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${token}` },
        signal,
      });
      return await read(response);
    } catch (error) {
      if (signal.aborted) throw new Error(timedOut(timeoutMs));
      throw error;
    }
  }

  /**
   * The names of the clusters the Kubernetes backend is configured with (`GET /clusters`). None
   * (its README's default, `clusters: []`) means nothing in a cluster can be observed; the
   * custom-resource query cannot tell that apart from a service with no objects, since it leaves
   * out clusters that hold none.
   */
  async clusters(): Promise<string[]> {
    return this.call(
      '/clusters',
      {},
      async response => {
        if (!response.ok) {
          throw new Error(
            `the Kubernetes backend answered ${response.status} for its clusters`,
          );
        }
        const body = (await response.json()) as {
          items?: Array<{ name?: unknown }>;
        };
        if (!Array.isArray(body.items)) {
          throw new Error('the Kubernetes backend listed no clusters array');
        }
        return body.items.map(c => String(c?.name ?? ''));
      },
      ms => `the Kubernetes backend did not list its clusters within ${ms} ms`,
    );
  }

  /**
   * Every object of one type in one cluster, across namespaces, that matches `labelSelector`,
   * through the Kubernetes backend's proxy (its cluster configuration and auth), `pageSize` at a
   * time (`limit` and `continue`). A continue token the cluster calls too old (410 Gone) starts
   * the list again once, as the API server asks. Each page has the client's timeout, and the
   * whole list `deadlineMs`. A cluster that does not serve the type (404: its CRD is not
   * installed) holds none of it: `notServed`.
   */
  async listAll(
    cluster: string,
    type: { group: string; version: string; plural: string },
    options: { labelSelector?: string; pageSize: number; deadlineMs: number },
  ): Promise<{ items: KubeObject[]; pages: number; notServed?: true }> {
    const started = Date.now();
    // The core group ('') is served under /api, every other group under /apis.
    const path = type.group
      ? `/apis/${type.group}/${type.version}/${type.plural}`
      : `/api/${type.version}/${type.plural}`;
    let items: KubeObject[] = [];
    let pages = 0;
    let token: string | undefined;
    let restarted = false;
    for (;;) {
      const remaining = options.deadlineMs - (Date.now() - started);
      if (remaining <= 0) {
        throw new Error(
          `cluster ${cluster} did not list ${type.plural} within ${options.deadlineMs} ms (${pages} page(s) read)`,
        );
      }
      const query = new URLSearchParams({
        ...(options.labelSelector
          ? { labelSelector: options.labelSelector }
          : {}),
        limit: String(options.pageSize),
        ...(token ? { continue: token } : {}),
      });
      // A page waits no longer than the list has left: the deadline bounds the whole list.
      const page = await this.listPage(
        cluster,
        path,
        query,
        !!token && !restarted,
        Math.min(this.deps.timeoutMs, remaining),
      );
      if (page === 'not-served')
        return { items: [], pages: 1, notServed: true };
      if (page === 'expired') {
        restarted = true;
        token = undefined;
        items = [];
        continue;
      }
      pages += 1;
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
      if (!token) return { items, pages };
    }
  }

  /** One page of a list; `'expired'` for a too-old continue token when `expiredIsOk`. */
  private listPage(
    cluster: string,
    path: string,
    query: URLSearchParams,
    expiredIsOk: boolean,
    timeoutMs: number,
  ) {
    return this.call(
      `/proxy${path}?${query}`,
      { headers: { 'Backstage-Kubernetes-Cluster': cluster } },
      async response => {
        if (response.status === 410 && expiredIsOk) return 'expired' as const;
        // The first page's 404: the cluster does not serve the type (its CRD is not installed).
        if (response.status === 404 && !query.has('continue')) {
          return 'not-served' as const;
        }
        if (!response.ok) {
          const body = (await response.json().catch(() => undefined)) as
            | { message?: string }
            | undefined;
          throw new Error(
            `cluster ${cluster} answered ${response.status} for ${path}${
              body?.message ? `: ${body.message}` : ''
            }`,
          );
        }
        return (await response.json()) as {
          items?: KubeObject[];
          metadata?: { continue?: string };
        };
      },
      ms => `cluster ${cluster} did not answer within ${ms} ms for ${path}`,
      timeoutMs,
    );
  }
}
