import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityDatastores,
  FleetPage,
  FleetQuery,
  fleetQueryString,
} from '@datastores/plugin-datastores-common';
import { DatastoresApi, DecideInput, DecideResult } from './DatastoresApi';

/** The {@link DatastoresApi} over HTTP, against the datastores backend. @public */
export class DatastoresClient implements DatastoresApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityDatastores(entityRef: string): Promise<EntityDatastores> {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const path = [kind, namespace, name].map(encodeURIComponent).join('/');
    return this.request<EntityDatastores>(`/v1/entities/${path}/datastores`);
  }

  async decide(input: DecideInput): Promise<DecideResult> {
    return this.request<DecideResult>('/v1/decisions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
  }

  async getFleet(query: Partial<FleetQuery>): Promise<FleetPage> {
    const search = fleetQueryString(query);
    return this.request<FleetPage>(
      `/v1/datastores${search ? `?${search}` : ''}`,
    );
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('datastores');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
