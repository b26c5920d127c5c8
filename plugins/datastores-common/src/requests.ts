import {
  DatastoreEngine,
  DatastoreKind,
  Environment,
  Criticality,
  Size,
  Strategy,
  Provider,
  Target,
} from './model';
import { ApplyResult } from './lifecycle';
import { DecommissionRecord, PullRequestOperation } from './operations';

/**
 * A provisioning request as the `datastores:provision` action records it with the backend
 * (`POST /api/datastores/v1/requests`) and as it is written, as JSON, in each pull request's
 * marker so the backend can rediscover it.
 * @public
 */
export interface ProvisioningRequestRecord {
  /** The service's entity ref, e.g. `component:default/orders`. */
  service: string;
  name: string;
  kind: DatastoreKind;
  engine: DatastoreEngine;
  environments: Environment[];
  criticality: Criticality;
  size?: Size;
  namespace?: string;
  owner?: string;
  decisions: Array<{
    environment: Environment;
    strategy: Strategy;
    provider: Provider;
    target: Target;
    rationale: string;
  }>;
  pullRequests: Array<{
    target: Target;
    repo: string;
    url: string;
    number: number;
    /** Last known state and checks, kept up to date by the backend. */
    state?: 'open' | 'merged' | 'closed';
    checks?: 'success' | 'failure' | 'pending' | 'none';
    /** What the pull request does to the datastore; `provision` when absent (older records). */
    operation?: PullRequestOperation;
    /** The environments whose files it deletes: once it merges, they are gone from the catalog. */
    removes?: Environment[];
    /** When it merged (ISO 8601), as GitHub says. */
    mergedAt?: string;
    /** Terraform: the apply workflow's run of each environment's module on the merge commit. */
    apply?: Partial<Record<Environment, ApplyResult>>;
  }>;
  /**
   * Who asked, as a user entity ref (the scaffolder task's user): told as the lifecycle moves,
   * with the owning group. The latest request's user when several asked.
   */
  requestedBy?: string;
  /** The `Resource` entity refs the pull requests write. */
  resources: string[];
  /** Where each `Resource` entity is written, so the backend can register it once merged. */
  catalogFiles?: Array<{ target: Target; path: string; entityRef: string }>;
  /** The catalog locations the backend registered for this request. */
  registered?: string[];
  /** Set while some environments are being decommissioned (`datastores:decommission`). */
  decommission?: DecommissionRecord;
  /**
   * The name of the service's datastore this one replaces (a change of strategy adds a new
   * datastore next to the old one, which stays until it is decommissioned).
   */
  replaces?: string;
  /**
   * In a pull request's marker only: what that pull request does (`provision` when absent) and
   * the environments it removes, so a rediscovered pull request keeps both.
   */
  operation?: PullRequestOperation;
  removes?: Environment[];
}
