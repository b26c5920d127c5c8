import { parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityDatastores,
  FleetPage,
  FleetQuery,
  RefreshedEntityDatastores,
  fleetQueryString,
} from '@datastores/plugin-datastores-common';
import { DatastoresApi, DecideInput, DecideResult } from './DatastoresApi';

/** `kind/namespace/name` of an entity ref, each part encoded for a path. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

/** The {@link DatastoresApi} over HTTP, against the datastores backend. @public */
export class DatastoresClient implements DatastoresApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityDatastores(entityRef: string): Promise<EntityDatastores> {
    return this.request<EntityDatastores>(
      `/v1/entities/${entityPath(entityRef)}/datastores`,
    );
  }

  async refresh(entityRef: string): Promise<RefreshedEntityDatastores> {
    return this.request<RefreshedEntityDatastores>(
      `/v1/entities/${entityPath(entityRef)}/refresh`,
      { method: 'POST' },
    );
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
