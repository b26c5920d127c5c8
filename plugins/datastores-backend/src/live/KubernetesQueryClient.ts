import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import type {
  CustomResourceMatcher,
  ObjectsByEntityResponse,
} from '@backstage/plugin-kubernetes-common';
import { KubeObject } from '@datastores/plugin-datastores-node';

/** An object as one cluster returned it. */
export type ClusterObject = KubeObject & { cluster: string };

/** What one custom-resource query returned, over every cluster. */
export interface KubernetesQueryResult {
  /** When the clusters answered (ISO 8601): the observation time of every object. */
  observedAt: string;
  objects: ClusterObject[];
  /**
   * Plurals that failed in at least one cluster (`*` when a whole cluster failed), with the
   * reason: objects of those types may be missing.
   */
  failures: { plural: string; reason: string }[];
}

/**
 * Calls the Kubernetes backend plugin's `POST /resources/custom/query` with the datastores
 * plugin's own service credentials, one query per entity, with a timeout.
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
  ): Promise<T> {
    const { discovery, auth, timeoutMs } = this.deps;
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

  async query(
    entityRef: string,
    customResources: CustomResourceMatcher[],
  ): Promise<KubernetesQueryResult> {
    return this.call(
      '/resources/custom/query',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ entityRef, customResources }),
      },
      async response => {
        if (!response.ok) {
          const text = await response.text().catch(() => '');
          throw new Error(
            `the Kubernetes backend answered ${response.status}${
              text ? `: ${text.slice(0, 200)}` : ''
            }`,
          );
        }
        const body = (await response.json()) as ObjectsByEntityResponse;
        return KubernetesQueryClient.flatten(body, customResources);
      },
      ms => `the Kubernetes query did not answer within ${ms} ms`,
    );
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
   * One object by its API path in one cluster, through the Kubernetes backend's proxy (for
   * what the custom-resource query cannot select: a ClusterSecretStore carries no service
   * label). `null` when the cluster says it does not exist.
   */
  async getObject(cluster: string, path: string): Promise<KubeObject | null> {
    return this.call(
      `/proxy${path}`,
      { headers: { 'Backstage-Kubernetes-Cluster': cluster } },
      async response => {
        if (response.status === 404) return null;
        if (!response.ok) {
          throw new Error(
            `cluster ${cluster} answered ${response.status} for ${path}`,
          );
        }
        return (await response.json()) as KubeObject;
      },
      ms => `cluster ${cluster} did not answer within ${ms} ms for ${path}`,
    );
  }

  static flatten(
    body: ObjectsByEntityResponse,
    customResources: CustomResourceMatcher[],
  ): KubernetesQueryResult {
    const objects: ClusterObject[] = [];
    const failures: KubernetesQueryResult['failures'] = [];
    for (const cluster of body.items ?? []) {
      for (const response of cluster.resources ?? []) {
        if (response.type !== 'customresources') continue;
        objects.push(
          ...(response.resources as KubeObject[]).map(o => ({
            ...o,
            cluster: cluster.cluster.name,
          })),
        );
      }
      for (const error of cluster.errors ?? []) {
        if (error.errorType === 'FETCH_ERROR') {
          failures.push({
            plural: '*',
            reason: `cluster ${cluster.cluster.name}: ${error.message}`,
          });
          continue;
        }
        const path = error.resourcePath ?? '';
        const plural =
          customResources.find(r => path.endsWith(`/${r.plural}`))?.plural ??
          '*';
        failures.push({
          plural,
          reason: `cluster ${cluster.cluster.name}: ${error.errorType}${
            error.statusCode ? ` (${error.statusCode})` : ''
          } on ${path || 'a resource'}`,
        });
      }
    }
    return { observedAt: new Date().toISOString(), objects, failures };
  }
}
