import { Entity } from '@backstage/catalog-model';
import {
  DatastoreLifecycle,
  DatastoreStatus,
  Decision,
  EntityDatastores,
  FleetPage,
  FleetRow,
  datastoreLifecycle,
  fleetCounts,
} from '@datastores/plugin-datastores-common';
import { SignalApi } from '@backstage/plugin-signals-react';
import { DatastoresApi } from '../api';

/** The example service the tests look at. */
export const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

/** A production Postgres on RDS, in the catalog; override what the test is about. */
export function aDatastore(
  overrides: Partial<DatastoreStatus> = {},
): DatastoreStatus {
  return {
    entityRef: 'resource:default/orders-users-production',
    inCatalog: true,
    name: 'users',
    kind: 'database',
    engine: 'postgres',
    environment: 'production',
    criticality: 'catastrophic',
    strategy: 'managed',
    provider: 'rds',
    decision: {
      rationale:
        'Rule 4 (catastrophic-is-managed): losing the data would be catastrophic, so a managed service runs and backs it up. Managed postgres on rds, through the Terraform repo.',
      rule: 'catastrophic-is-managed',
      ruleNumber: 4,
      reason:
        'losing the data would be catastrophic, so a managed service runs and backs it up',
    },
    backup: {
      posture: 'protected',
      retentionDays: 7,
      pitr: true,
      detail: 'Observed in AWS.',
      observedAt: '2026-10-01T12:00:00Z',
      source: 'AWS RDS',
    },
    secretSync: {
      status: 'synced',
      lastSyncedAt: '2026-10-01T12:00:00Z',
      observedAt: '2026-10-01T12:00:05Z',
      source: 'cluster prod-eu',
    },
    readiness: {
      state: 'ready',
      phase: 'available',
      observedAt: '2026-10-01T12:00:00Z',
      source: 'AWS RDS',
    },
    connection: {
      secretName: 'orders-users-production-db',
      keys: ['host', 'port', 'dbname', 'username', 'password', 'uri'],
    },
    pullRequests: [],
    policy: { state: 'complies', compliant: true, violations: [] },
    ...overrides,
  };
}

/**
 * The lifecycle the backend computes for a datastore (its `withLifecycle`): from its pull
 * requests, readiness and secret sync.
 */
export function lifecycleOf(d: DatastoreStatus): DatastoreLifecycle {
  return datastoreLifecycle({
    strategy: d.strategy,
    inCatalog: d.inCatalog,
    pullRequests: d.pullRequests.filter(p =>
      ['provision', 'replace'].includes(p.operation ?? 'provision'),
    ),
    readiness: d.readiness,
    secretSync: d.secretSync,
  });
}

/** {@link aDatastore} with the lifecycle the backend would give it. */
export function aDatastoreWithLifecycle(
  overrides: Partial<DatastoreStatus> = {},
): DatastoreStatus {
  const d = aDatastore(overrides);
  return { ...d, lifecycle: lifecycleOf(d) };
}

/** The answer for `component:default/orders`. */
export function anAnswer(
  datastores: DatastoreStatus[],
  errors: { message: string }[] = [],
): EntityDatastores {
  return { entityRef: 'component:default/orders', datastores, errors };
}

/** A row of the fleet: a datastore of `component:default/orders`, owned by team-a. */
export function aFleetRow(overrides: Partial<DatastoreStatus> = {}): FleetRow {
  return {
    service: 'component:default/orders',
    owner: 'group:default/team-a',
    datastore: aDatastore(overrides),
  };
}

/**
 * A fleet page showing `items`, counted (as the backend counts) over `all` of the fleet;
 * override what the test is about.
 */
export function aFleetPage(
  items: FleetRow[],
  all: FleetRow[] = items,
  overrides: Partial<FleetPage> = {},
): FleetPage {
  return {
    items,
    totalItems: items.length,
    offset: 0,
    limit: 50,
    counts: fleetCounts(all),
    computedAt: '2026-10-01T12:00:00.000Z',
    ...overrides,
  };
}

/** A decision for one environment; override what the test is about. */
export function aDecision(overrides: Partial<Decision> = {}): Decision {
  return {
    kind: 'database',
    engine: 'postgres',
    environment: 'production',
    criticality: 'catastrophic',
    strategy: 'managed',
    provider: 'rds',
    target: 'terraform',
    backup: {
      mode: 'continuous',
      pitr: true,
      minRetentionDays: 7,
      deletionProtection: true,
      finalSnapshot: true,
      multiAz: true,
      summary: 'Automated backups with point-in-time recovery.',
    },
    rationale:
      'Rule 4 (catastrophic-is-managed): losing the data would be catastrophic, so a managed service runs and backs it up. Managed postgres on rds, through the Terraform repo.',
    rule: 'catastrophic-is-managed',
    ruleNumber: 4,
    reason:
      'losing the data would be catastrophic, so a managed service runs and backs it up',
    ...overrides,
  };
}

/** A DatastoresApi whose methods are jest mocks. */
export function fakeDatastoresApi(
  overrides: Partial<DatastoresApi> = {},
): jest.Mocked<DatastoresApi> {
  return {
    getEntityDatastores: jest.fn(async () => anAnswer([])),
    refresh: jest.fn(async () => ({
      ...anAnswer([]),
      refresh: {
        refreshedAt: new Date().toISOString(),
        clusters: [],
        calls: 0,
      },
    })),
    decide: jest.fn(async () => ({ decisions: [], allowed: true })),
    getFleet: jest.fn(async () => aFleetPage([])),
    ...overrides,
  } as jest.Mocked<DatastoresApi>;
}

/**
 * A signals API as the signals plugin provides it, in memory: `publish` hands a message to the
 * subscribers of its channel, as the backend's signal would (call it inside `act`).
 */
export function fakeSignalApi(): SignalApi & {
  publish(channel: string, message: Record<string, any>): void;
  subscribers(channel: string): number;
} {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  return {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      subscribers.set(channel, set);
      const listener = (message: any) => onMessage(message);
      set.add(listener);
      return { unsubscribe: () => set.delete(listener) };
    },
    publish(channel, message) {
      // A message arrives as JSON does: a new object each time.
      for (const listener of subscribers.get(channel) ?? []) {
        listener(JSON.parse(JSON.stringify(message)));
      }
    },
    subscribers: channel => subscribers.get(channel)?.size ?? 0,
  };
}
