import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { migratedClient } from './migrate';

/** Where observations come from: one kind in one cluster, or one cloud list. */
export interface ObservationSource {
  /** Unique, e.g. `kubernetes/prod-eu/postgresql.cnpg.io/clusters`. */
  id: string;
  cluster?: string;
  /** e.g. `postgresql.cnpg.io/clusters`, `rds/db-instances`. */
  kind: string;
}

/** One object as a source listed it. */
export interface Observation {
  /** `''` for cluster-scoped and cloud objects. */
  namespace: string;
  name: string;
  /** Its `backstage.io/kubernetes-id` label, when it has one. */
  kubernetesId?: string;
  object: unknown;
  /**
   * Set when the source listed the object but could not read it in full (a Neon project whose
   * details failed): why. It is then unknown, while the rest of its source stays current.
   */
  error?: string;
}

export interface StoredObservation extends Observation {
  source: string;
  cluster?: string;
  kind: string;
  /** When its source last listed it (ISO 8601). */
  observedAt: string;
  /**
   * Set when its source's last read failed: why, and that this is what was seen before. A
   * stale observation is not current: the status rule turns it into unknown.
   */
  stale?: string;
}

export interface SourceState extends ObservationSource {
  lastSuccessAt?: string;
  lastAttemptAt: string;
  error?: string;
}

/** What the status reads observations through: the store, or a snapshot of it. */
export interface ObservationView {
  /** Every observation of objects labelled with one of `kubernetesIds`. */
  byKubernetesIds(kubernetesIds: string[]): Promise<StoredObservation[]>;
  /** Every observation of sources of these kinds (small lists: stores, clusters). */
  ofKinds(kinds: string[]): Promise<StoredObservation[]>;
  /** The observations of one kind's objects with these names (cloud instances, projects). */
  byNames(kind: string, names: string[]): Promise<StoredObservation[]>;
  sources(): Promise<SourceState[]>;
}

export interface ObservationStore extends ObservationView {
  /** Replaces everything `source` holds with what it listed at `observedAt`, at once. */
  replace(
    source: ObservationSource,
    observations: Observation[],
    observedAt: Date,
  ): Promise<void>;
  /** `source` could not be read: its last observations stay, marked stale with `reason`. */
  markFailed(
    source: ObservationSource,
    reason: string,
    at: Date,
  ): Promise<void>;
  /**
   * Replaces only what `source` holds of objects labelled `kubernetesId` (a per-service
   * refresh), leaving the rest of the source as the last cycle saw it.
   */
  replaceFor(
    source: ObservationSource,
    kubernetesId: string,
    observations: Observation[],
    observedAt: Date,
  ): Promise<void>;
  /** Forgets these sources and their observations (a cluster or a type no longer there). */
  remove(sourceIds: string[]): Promise<void>;
  /** Everything, at once: what a fleet-wide snapshot is made of. */
  snapshot(): Promise<ObservationSnapshot>;
}

/**
 * Every observation and source as read at one moment, answering the status's lookups from
 * memory: the fleet reads thousands of services' observations with one query, not three each.
 */
export class ObservationSnapshot implements ObservationView {
  private readonly byId = new Map<string, StoredObservation[]>();
  private readonly byKind = new Map<string, StoredObservation[]>();

  constructor(
    observations: StoredObservation[],
    private readonly states: SourceState[],
  ) {
    const push = (
      map: Map<string, StoredObservation[]>,
      key: string,
      o: StoredObservation,
    ) => {
      const list = map.get(key);
      if (list) list.push(o);
      else map.set(key, [o]);
    };
    for (const o of observations) {
      if (o.kubernetesId) push(this.byId, o.kubernetesId, o);
      push(this.byKind, o.kind, o);
    }
  }

  async byKubernetesIds(kubernetesIds: string[]) {
    return kubernetesIds.flatMap(id => this.byId.get(id) ?? []);
  }

  async ofKinds(kinds: string[]) {
    return kinds.flatMap(kind => this.byKind.get(kind) ?? []);
  }

  async byNames(kind: string, names: string[]) {
    const wanted = new Set(names);
    return (this.byKind.get(kind) ?? []).filter(o => wanted.has(o.name));
  }

  async sources() {
    return this.states;
  }
}

const OBSERVATIONS = 'datastore_observations';
const SOURCES = 'datastore_observation_sources';
/** Rows per insert: SQLite takes at most 999 bound values, seven per row here. */
const ROWS_PER_INSERT = 140;

const toIso = (value: Date | string) => new Date(value).toISOString();

/** Why an observation is not current: its source's last read failed, or its own did. */
function staleness(row: any): { stale?: string } {
  if (row.source_error) {
    return {
      stale: `${row.source_error} (at ${toIso(
        row.last_attempt_at,
      )}); this was observed at ${toIso(row.observed_at)}`,
    };
  }
  return row.error
    ? { stale: `${row.error} (at ${toIso(row.observed_at)})` }
    : {};
}

/** Observations on Backstage's database service (SQLite or PostgreSQL). */
export class DatabaseObservationStore implements ObservationStore {
  static async create(options: { database: DatabaseService }) {
    return new DatabaseObservationStore(await migratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async replace(
    source: ObservationSource,
    observations: Observation[],
    observedAt: Date,
  ) {
    const rows = observations.map(o => this.row(source, o, observedAt));
    await this.db.transaction(async tx => {
      await tx(OBSERVATIONS).where({ source: source.id }).delete();
      await this.insert(tx, rows);
      await tx(SOURCES)
        .insert({
          id: source.id,
          cluster: source.cluster ?? null,
          kind: source.kind,
          last_success_at: observedAt,
          last_attempt_at: observedAt,
          error: null,
        })
        .onConflict('id')
        .merge();
    });
  }

  async replaceFor(
    source: ObservationSource,
    kubernetesId: string,
    observations: Observation[],
    observedAt: Date,
  ) {
    const rows = observations
      .filter(o => o.kubernetesId === kubernetesId)
      .map(o => this.row(source, o, observedAt));
    await this.db.transaction(async tx => {
      await tx(OBSERVATIONS)
        .where({ source: source.id, kubernetes_id: kubernetesId })
        .delete();
      await this.insert(tx, rows);
    });
  }

  private row(source: ObservationSource, o: Observation, observedAt: Date) {
    return {
      source: source.id,
      namespace: o.namespace,
      name: o.name,
      kubernetes_id: o.kubernetesId ?? null,
      payload: JSON.stringify(o.object),
      observed_at: observedAt,
      error: o.error ?? null,
    };
  }

  private async insert(tx: Knex.Transaction, rows: object[]) {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      await tx(OBSERVATIONS).insert(rows.slice(i, i + ROWS_PER_INSERT));
    }
  }

  async remove(sourceIds: string[]) {
    if (!sourceIds.length) return;
    await this.db.transaction(async tx => {
      await tx(OBSERVATIONS).whereIn('source', sourceIds).delete();
      await tx(SOURCES).whereIn('id', sourceIds).delete();
    });
  }

  async markFailed(source: ObservationSource, reason: string, at: Date) {
    await this.db(SOURCES)
      .insert({
        id: source.id,
        cluster: source.cluster ?? null,
        kind: source.kind,
        last_success_at: null,
        last_attempt_at: at,
        error: reason,
      })
      // Keep when it last worked: that is what its observations show.
      .onConflict('id')
      .merge(['last_attempt_at', 'error']);
  }

  async snapshot() {
    const [observations, states] = await Promise.all([
      this.select(q => q),
      this.sources(),
    ]);
    return new ObservationSnapshot(observations, states);
  }

  async byKubernetesIds(kubernetesIds: string[]) {
    if (!kubernetesIds.length) return [];
    return this.select(q =>
      q.whereIn(`${OBSERVATIONS}.kubernetes_id`, kubernetesIds),
    );
  }

  async ofKinds(kinds: string[]) {
    if (!kinds.length) return [];
    return this.select(q => q.whereIn(`${SOURCES}.kind`, kinds));
  }

  async byNames(kind: string, names: string[]) {
    if (!names.length) return [];
    return this.select(q =>
      q.where(`${SOURCES}.kind`, kind).whereIn(`${OBSERVATIONS}.name`, names),
    );
  }

  /** Observations with their source's state; a failed source's are stale, saying why. */
  private async select(
    where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<StoredObservation[]> {
    const rows = await where(
      this.db(OBSERVATIONS).join(
        SOURCES,
        `${SOURCES}.id`,
        `${OBSERVATIONS}.source`,
      ),
    ).select(
      `${OBSERVATIONS}.*`,
      `${SOURCES}.cluster`,
      `${SOURCES}.kind`,
      `${SOURCES}.error as source_error`,
      `${SOURCES}.last_attempt_at`,
    );
    return rows.map(
      (row: any): StoredObservation => ({
        source: row.source,
        ...(row.cluster ? { cluster: row.cluster } : {}),
        kind: row.kind,
        namespace: row.namespace,
        name: row.name,
        ...(row.kubernetes_id ? { kubernetesId: row.kubernetes_id } : {}),
        object: JSON.parse(row.payload),
        observedAt: toIso(row.observed_at),
        ...(row.error ? { error: row.error } : {}),
        ...staleness(row),
      }),
    );
  }

  async sources() {
    const rows = await this.db(SOURCES).orderBy('id');
    return rows.map(
      (row: any): SourceState => ({
        id: row.id,
        ...(row.cluster ? { cluster: row.cluster } : {}),
        kind: row.kind,
        ...(row.last_success_at
          ? { lastSuccessAt: toIso(row.last_success_at) }
          : {}),
        lastAttemptAt: toIso(row.last_attempt_at),
        ...(row.error ? { error: row.error } : {}),
      }),
    );
  }
}
