import { createApiRef } from '@backstage/core-plugin-api';
import {
  CostEstimate,
  Criticality,
  DatastoreEngine,
  DatastoreKind,
  Decision,
  EntityDatastores,
  Environment,
  FleetPage,
  FleetQuery,
  RefreshedEntityDatastores,
  Refusal,
  Size,
} from '@datastores/plugin-datastores-common';

/** What the decision preview asks the backend about. @public */
export interface DecideInput {
  kind: DatastoreKind;
  engine?: DatastoreEngine;
  environments: Environment[];
  criticality: Criticality;
  /** What the cost is estimated at; the backend takes small when absent. */
  size?: Size;
}

/** The decisions for a request, and whether the caller may provision them. @public */
export interface DecideResult {
  decisions: Decision[];
  /** The environments the policy refuses, why and what to do (absent from older backends). */
  refusals?: Refusal[];
  /** The estimated monthly cost of the decided environments (absent from older backends). */
  cost?: CostEstimate;
  /** False when the caller may not provision what was decided (e.g. a managed production database). */
  allowed: boolean;
}

/** Reads datastores and decisions from the datastores backend. @public */
export interface DatastoresApi {
  /** The datastores of an entity (a service, or one datastore `Resource`), requested ones included. */
  getEntityDatastores(entityRef: string): Promise<EntityDatastores>;
  /**
   * Re-reads the entity's service in the clusters now, and answers its datastores from that.
   * Rejects with a `ResponseError`: 429 when it was refreshed within the backend's interval
   * (`body.error.retryAfterSeconds`, `lastRefreshAt`), 403 without `kubernetes.resources.read`.
   */
  refresh(entityRef: string): Promise<RefreshedEntityDatastores>;
  /** How the datastores of a request would be run, per environment. */
  decide(input: DecideInput): Promise<DecideResult>;
  /**
   * One page of the fleet: every datastore the caller may read, filtered (fields AND, values
   * OR), with the counts over all of them. Absent offset and limit take the backend's defaults.
   */
  getFleet(query: Partial<FleetQuery>): Promise<FleetPage>;
}

/** @public */
export const datastoresApiRef = createApiRef<DatastoresApi>({
  id: 'plugin.datastores.service',
});
