import { DatastoreEngine, DatastoreRun, Size, Target } from './model';
import { ComplianceResult } from './compliance';
import { ApplyResult, DatastoreLifecycle } from './lifecycle';
import { PullRequestOperation } from './operations';

/**
 * How well a datastore's data is protected. `declared`: what the product asked for (Terraform's
 * retention, a Composition's schedule), not yet confirmed by an observation: never green.
 * @public
 */
export type BackupPosture =
  | 'protected'
  | 'at-risk'
  | 'unprotected'
  | 'declared'
  | 'not-required'
  | 'unknown';

/** Whether a datastore runs and serves: observed `ready`, or `declared` only. @public */
export type ReadinessState = 'ready' | 'not-ready' | 'declared' | 'unknown';

/** Where and when a live field was observed. @public */
export interface Observation {
  /** When the source said it (ISO 8601). */
  observedAt?: string;
  /** Which source said it: a cluster, `AWS RDS`, `Neon`. */
  source?: string;
}

/** Whether a datastore's connection secret is in the cluster. @public */
export type SecretSyncStatus =
  | 'synced'
  | 'error'
  | 'stale'
  | 'pending'
  | 'not-applicable'
  | 'unknown';

/** A pull request that provisions a datastore. @public */
export interface DatastorePullRequest {
  url: string;
  repo: string;
  number: number;
  target?: Target;
  state: 'open' | 'merged' | 'closed';
  checks: 'success' | 'failure' | 'pending' | 'none';
  /** What it does: provision, change, replace, safeguard (before a removal) or removal. */
  operation?: PullRequestOperation;
  /** When it merged (ISO 8601). */
  mergedAt?: string;
  /** Terraform: the apply workflow's run of this datastore's module on the merge commit. */
  apply?: ApplyResult;
}

/** Everything the card shows about one datastore in one environment. @public */
export interface DatastoreStatus extends DatastoreRun {
  entityRef: string;
  /** False while the datastore is only requested (its pull request is not merged yet). */
  inCatalog: boolean;
  name: string;
  /**
   * Why it runs as it does. With `rule`, the policy decided: `reason` is the rule's reason and
   * `rationale` the one-line form for logs. Without `rule`, the policy refuses what is declared
   * and `rationale` says why.
   */
  decision: {
    rationale: string;
    rule?: string;
    ruleNumber?: number;
    reason?: string;
  };
  backup: {
    posture: BackupPosture;
    retentionDays?: number;
    pitr?: boolean;
    lastBackupAt?: string;
    recoverableFrom?: string;
    detail: string;
  } & Observation;
  secretSync: {
    status: SecretSyncStatus;
    lastSyncedAt?: string;
    /** How often the secret is refreshed: the ExternalSecret's `refreshInterval` (a Go duration), when set. */
    refreshInterval?: string;
    message?: string;
    /**
     * Why the sync cannot be observed at all, when that is a matter of setup rather than a
     * fault: `no-cluster`, no Kubernetes cluster is configured for live status. The status
     * stays `unknown`.
     */
    unobservedBecause?: 'no-cluster';
  } & Observation;
  readiness: {
    state: ReadinessState;
    /** The operator's own word (Dragonfly `status.phase`, CloudNativePG's phase). */
    phase?: string;
    message?: string;
  } & Observation;
  connection: { secretName: string; keys: string[] };
  pullRequests: DatastorePullRequest[];
  policy: ComplianceResult;
  /** The requested size, when the request is known (what "Change datastore" starts from). */
  size?: Size;
  /**
   * Set while the datastore is being decommissioned: `safeguard` until a removal pull request
   * exists (while the pull request that protects its data, a final snapshot, a backup or a
   * delay, is open, and after it merged until the next run opens the removal; its state is in
   * `pullRequests`), then `removal` until the removal merges and the entity leaves the catalog.
   */
  decommissioning?: {
    phase: 'safeguard' | 'removal';
    requestedAt: string;
    /** The RDS final snapshot the removal takes. */
    finalSnapshot?: string;
    /** The CloudNativePG on-demand `Backup` taken before the removal. */
    backup?: string;
    /** The removal is not opened before this time (Neon's deletion delay). */
    notBefore?: string;
  };
  /** The entity ref of the datastore this one replaces (a change of strategy). */
  replaces?: string;
  /** The entity ref of the datastore that replaces this one, until this one is gone. */
  replacedBy?: string;
  /** Requested → merged → applied → ready, or failed: each step with its time and evidence. */
  lifecycle?: DatastoreLifecycle;
}

/** The answer of `GET /v1/entities/:kind/:namespace/:name/datastores`. @public */
export interface EntityDatastores {
  entityRef: string;
  datastores: DatastoreStatus[];
  errors: { message: string }[];
}

/** How one cluster went in a "refresh now". @public */
export interface ClusterRefreshOutcome {
  cluster: string;
  status: 'refreshed' | 'failed';
  /** Why it failed: its last observations are kept, as the last cycle saw them. */
  reason?: string;
}

/**
 * The answer of `POST /v1/entities/:kind/:namespace/:name/refresh`: the entity's datastores
 * as the GET answers them, after re-reading the service's objects, and how the re-read went.
 * @public
 */
export interface RefreshedEntityDatastores extends EntityDatastores {
  refresh: {
    /** When the re-read started (ISO 8601). */
    refreshedAt: string;
    clusters: ClusterRefreshOutcome[];
    /** Calls made: the Kubernetes backend's cluster list and each list page. */
    calls: number;
  };
}

/** The keys of each engine's connection secret (CloudNativePG's `<cluster>-app` keys for Postgres). @public */
export const CONNECTION_KEYS: Readonly<
  Record<DatastoreEngine, readonly string[]>
> = {
  postgres: ['host', 'port', 'dbname', 'username', 'password', 'uri'],
  dragonfly: ['host', 'port', 'password', 'uri'],
  redis: ['host', 'port', 'password', 'uri'],
};
