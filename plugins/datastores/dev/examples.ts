/*
 * What the dev app (dev/index.tsx) shows instead of a backend: the repository's example catalog
 * (examples/entities.yaml: the `orders` service and its three datastores) in memory, and a
 * DatastoresApi answering for them as the datastores backend would.
 */
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  DatastoreStatus,
  DEFAULT_POLICY,
  FleetRow,
  FLEET_PAGE,
  decideRequest,
  fleetPage,
} from '@datastores/plugin-datastores-common';
import { DatastoresApi, DecideInput } from '../src/api';
import { aDatastore, lifecycleOf } from '../fixtures/fixtures';

type CatalogApi = typeof catalogApiRef.T;

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

const owner = 'group:default/shop-team';
const service = 'component:default/orders';

function resource(
  name: string,
  title: string,
  type: 'database' | 'cache',
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      title,
      annotations: {
        ...annotations,
        'backstage.io/kubernetes-id': 'orders',
        'backstage.io/kubernetes-namespace': 'shop',
      },
    },
    spec: { type, owner, system: 'shop', dependencyOf: [service] },
    relations: [
      { type: 'dependencyOf', targetRef: service },
      { type: 'ownedBy', targetRef: owner },
    ],
  };
}

/** The example catalog: the shop's team, system, the `orders` service and its datastores. */
export const EXAMPLE_ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'shop-team', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: 'shop',
      namespace: 'default',
      description: 'The online shop.',
    },
    spec: { owner },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      description: 'Takes and tracks customer orders.',
      annotations: {
        'backstage.io/kubernetes-id': 'orders',
        'backstage.io/kubernetes-namespace': 'shop',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system: 'shop',
    },
    relations: [
      { type: 'ownedBy', targetRef: owner },
      { type: 'partOf', targetRef: 'system:default/shop' },
      ...['main-production', 'main-preview', 'cache-production'].map(n => ({
        type: 'dependsOn',
        targetRef: `resource:default/orders-${n}`,
      })),
    ],
  },
  resource(
    'orders-main-production',
    'orders main database (production)',
    'database',
    {
      'datastores.io/engine': 'postgres',
      'datastores.io/environment': 'production',
      'datastores.io/criticality': 'catastrophic',
      'datastores.io/strategy': 'managed',
      'datastores.io/provider': 'rds',
      'datastores.io/external-secret': 'orders-main-production',
    },
  ),
  resource(
    'orders-main-preview',
    'orders main database (preview)',
    'database',
    {
      'datastores.io/engine': 'postgres',
      'datastores.io/environment': 'preview',
      'datastores.io/criticality': 'ephemeral',
      'datastores.io/strategy': 'self-hosted',
      'datastores.io/provider': 'cloudnative-pg',
    },
  ),
  resource('orders-cache-production', 'orders cache (production)', 'cache', {
    'datastores.io/engine': 'dragonfly',
    'datastores.io/environment': 'production',
    'datastores.io/criticality': 'reconstructable',
    'datastores.io/strategy': 'self-hosted',
    'datastores.io/provider': 'dragonfly',
  }),
];

function withLifecycle(d: DatastoreStatus): DatastoreStatus {
  return { ...d, lifecycle: lifecycleOf(d) };
}

/**
 * The statuses of the example's datastores, one of each kind of answer: RDS in production,
 * merged and applied but only declared (no AWS reader), CloudNativePG in preview observed ready,
 * Dragonfly in production observed ready with its secret synced.
 */
export function exampleDatastores(): DatastoreStatus[] {
  const main = decideRequest({
    kind: 'database',
    engine: 'postgres',
    environments: ['production'],
    criticality: 'catastrophic',
  });
  return [
    withLifecycle(
      aDatastore({
        entityRef: 'resource:default/orders-main-production',
        name: 'main',
        decision: main[0],
        backup: {
          posture: 'declared',
          retentionDays: 7,
          pitr: true,
          detail:
            'What Terraform asks for; set datastores.live.rds to observe it in AWS.',
        },
        readiness: { state: 'declared' },
        secretSync: {
          status: 'synced',
          lastSyncedAt: minutesAgo(10),
          refreshInterval: '1h',
          observedAt: minutesAgo(1),
          source: 'cluster dev',
        },
        connection: {
          secretName: 'orders-main-production',
          keys: ['host', 'port', 'dbname', 'username', 'password', 'uri'],
        },
        pullRequests: [
          {
            url: 'https://github.com/acme/infra-terraform/pull/12',
            repo: 'acme/infra-terraform',
            number: 12,
            target: 'terraform',
            state: 'merged',
            checks: 'success',
            operation: 'provision',
            mergedAt: minutesAgo(90),
            apply: 'success',
          },
        ],
        size: 'small',
      }),
    ),
    withLifecycle(
      aDatastore({
        entityRef: 'resource:default/orders-main-preview',
        name: 'main',
        environment: 'preview',
        criticality: 'ephemeral',
        strategy: 'self-hosted',
        provider: 'cloudnative-pg',
        decision: {
          rationale:
            'Rule 5 (otherwise-self-hosted): self-hosted postgres on cloudnative-pg, through the GitOps repo.',
          rule: 'otherwise-self-hosted',
          ruleNumber: 5,
        },
        backup: {
          posture: 'not-required',
          detail:
            'Ephemeral data: recreated from fixtures, no backups required.',
        },
        readiness: {
          state: 'ready',
          phase: 'Cluster in healthy state',
          observedAt: minutesAgo(1),
          source: 'cluster dev',
        },
        secretSync: {
          status: 'not-applicable',
          observedAt: minutesAgo(1),
          source: 'cluster dev',
        },
        connection: {
          secretName: 'orders-main-preview-app',
          keys: ['host', 'port', 'dbname', 'username', 'password', 'uri'],
        },
        size: 'small',
      }),
    ),
    withLifecycle(
      aDatastore({
        entityRef: 'resource:default/orders-cache-production',
        name: 'cache',
        kind: 'cache',
        engine: 'dragonfly',
        criticality: 'reconstructable',
        strategy: 'self-hosted',
        provider: 'dragonfly',
        decision: {
          rationale:
            'Rule 5 (otherwise-self-hosted): self-hosted dragonfly, through the GitOps repo.',
          rule: 'otherwise-self-hosted',
          ruleNumber: 5,
        },
        backup: {
          posture: 'protected',
          lastBackupAt: minutesAgo(35),
          detail: 'Hourly snapshots to S3, the last one observed.',
          observedAt: minutesAgo(1),
          source: 'cluster dev',
        },
        readiness: {
          state: 'ready',
          phase: 'Ready',
          observedAt: minutesAgo(1),
          source: 'cluster dev',
        },
        secretSync: {
          status: 'synced',
          lastSyncedAt: minutesAgo(60),
          observedAt: minutesAgo(1),
          source: 'cluster dev',
        },
        connection: {
          secretName: 'orders-cache-production-app',
          keys: ['host', 'port', 'password', 'uri'],
        },
        size: 'medium',
      }),
    ),
  ];
}

/** The datastores of an entity: all of a service's, or the one a Resource is. */
function datastoresOf(entityRef: string): DatastoreStatus[] {
  const all = exampleDatastores();
  if (entityRef === service) return all;
  return all.filter(d => d.entityRef === entityRef);
}

/** A DatastoresApi answering for the example catalog, as the backend would. */
export const exampleDatastoresApi: DatastoresApi = {
  async getEntityDatastores(entityRef) {
    return { entityRef, datastores: datastoresOf(entityRef), errors: [] };
  },
  async refresh(entityRef) {
    return {
      entityRef,
      datastores: datastoresOf(entityRef),
      errors: [],
      refresh: {
        refreshedAt: new Date().toISOString(),
        clusters: [{ cluster: 'dev', status: 'refreshed' }],
        calls: 7,
      },
    };
  },
  async decide(input: DecideInput) {
    return {
      decisions: decideRequest(input, DEFAULT_POLICY),
      allowed: true,
    };
  },
  async getFleet(query) {
    const rows: FleetRow[] = exampleDatastores().map(datastore => ({
      service,
      owner,
      datastore,
    }));
    return fleetPage(
      rows,
      {
        filter: query.filter ?? {},
        offset: query.offset ?? 0,
        limit: query.limit ?? FLEET_PAGE.default,
      },
      new Date().toISOString(),
    );
  },
};

const byRef = new Map(EXAMPLE_ENTITIES.map(e => [stringifyEntityRef(e), e]));

/** Whether an entity passes a catalog filter (`{kind: 'component', 'spec.type': ...}`). */
function matches(entity: Entity, filter: unknown): boolean {
  const filters = (Array.isArray(filter) ? filter : [filter]).filter(Boolean);
  if (!filters.length) return true;
  return filters.some((f: Record<string, unknown>) =>
    Object.entries(f).every(([key, wanted]) => {
      const value = key
        .split('.')
        .reduce<any>((o, k) => (o === undefined ? o : o[k]), entity);
      const values = (Array.isArray(wanted) ? wanted : [wanted]).map(v =>
        String(v).toLocaleLowerCase('en-US'),
      );
      return (
        value !== undefined &&
        values.includes(String(value).toLocaleLowerCase('en-US'))
      );
    }),
  );
}

/**
 * The example catalog in memory: what the catalog's pages and the entity page read (lookups,
 * lists, facets); anything else is refused, as the dev app has no catalog backend.
 */
export const exampleCatalogApi = new Proxy(
  {
    async getEntityByRef(
      ref: string | { kind: string; namespace?: string; name: string },
    ) {
      const key =
        typeof ref === 'string'
          ? ref.toLocaleLowerCase('en-US')
          : stringifyEntityRef(ref);
      return byRef.get(key);
    },
    async getEntities(request?: { filter?: unknown }) {
      return {
        items: EXAMPLE_ENTITIES.filter(e => matches(e, request?.filter)),
      };
    },
    async getEntitiesByRefs(request: { entityRefs: string[] }) {
      return { items: request.entityRefs.map(ref => byRef.get(ref)) };
    },
    async queryEntities(request?: { filter?: unknown }) {
      const items = EXAMPLE_ENTITIES.filter(e =>
        matches(e, request && 'filter' in request ? request.filter : undefined),
      );
      return { items, totalItems: items.length, pageInfo: {} };
    },
    async getEntityFacets(request: { facets: string[]; filter?: unknown }) {
      const entities = EXAMPLE_ENTITIES.filter(e => matches(e, request.filter));
      const facets: Record<
        string,
        Array<{ value: string; count: number }>
      > = {};
      for (const facet of request.facets) {
        const counts = new Map<string, number>();
        for (const e of entities) {
          const value = facet
            .split('.')
            .reduce<any>((o, k) => (o === undefined ? o : o[k]), e);
          if (typeof value === 'string') {
            counts.set(value, (counts.get(value) ?? 0) + 1);
          }
        }
        facets[facet] = [...counts].map(([value, count]) => ({ value, count }));
      }
      return { facets };
    },
    async getEntityAncestors(request: { entityRef: string }) {
      const root = byRef.get(request.entityRef)!;
      return {
        rootEntityRef: request.entityRef,
        items: [{ entity: root, parentEntityRefs: [] }],
      };
    },
    async getLocationByEntity() {
      return undefined;
    },
    async refreshEntity() {},
  },
  {
    get(target, property) {
      if (property in target) return (target as any)[property];
      if (typeof property !== 'string' || property === 'then') return undefined;
      return async () => {
        throw new Error(
          `The datastores dev app's catalog has no ${property} (no catalog backend)`,
        );
      };
    },
  },
) as unknown as CatalogApi;
