import { DatabaseService } from '@backstage/backend-plugin-api';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { migratedClient } from './migrate';

/** A request as stored, with who recorded it and when. */
export interface StoredRequest {
  id: string;
  request: ProvisioningRequestRecord;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Where provisioning requests are kept. */
export interface RequestStore {
  /**
   * Records a request. The same service and datastore name again updates the stored one,
   * merging environments, pull requests and resources, so retries and new environments
   * never create a second datastore.
   */
  record(
    request: ProvisioningRequestRecord,
    createdBy: string,
  ): Promise<StoredRequest>;
  list(filter?: { serviceRef?: string }): Promise<StoredRequest[]>;
  /** A number that every write raises: the same number, the same requests. */
  revision(): Promise<number>;
  /**
   * Changes a stored request under a row lock: `change` gets the record as it is now (not as
   * it was when the caller listed it) and returns the next one, or undefined to delete it (a
   * datastore whose every environment was removed). Returns false when the request is gone.
   * How the refresher writes PR states and registrations without overwriting a record made
   * during its cycle.
   */
  amend(
    id: string,
    change: (
      current: ProvisioningRequestRecord,
    ) => ProvisioningRequestRecord | undefined,
  ): Promise<boolean>;
}

const TABLE = 'datastore_requests';
const REVISION_TABLE = 'datastore_requests_revision';

/** Raises the revision inside a write's transaction (and serialises writers on its row). */
async function bumpRevision(tx: Knex.Transaction) {
  await tx(REVISION_TABLE).where({ id: 1 }).increment('revision', 1);
}

type Row = {
  id: string;
  service_ref: string;
  name: string;
  payload: string;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
};

/** Both lists, each item once by key; an item in both is merged, the newer fields winning. */
function union<T>(a: T[] = [], b: T[] = [], key: (t: T) => string): T[] {
  const seen = new Map(a.map(item => [key(item), item]));
  for (const item of b) {
    const old = seen.get(key(item));
    seen.set(
      key(item),
      typeof item === 'object' && old ? { ...old, ...item } : item,
    );
  }
  return [...seen.values()];
}

function merge(
  old: ProvisioningRequestRecord,
  next: ProvisioningRequestRecord,
): ProvisioningRequestRecord {
  return {
    ...next,
    environments: union(old.environments, next.environments, e => e),
    decisions: union(old.decisions, next.decisions, d => d.environment),
    pullRequests: union(old.pullRequests, next.pullRequests, p => p.url),
    resources: union(old.resources, next.resources, r => r),
    catalogFiles: union(old.catalogFiles, next.catalogFiles, f => f.entityRef),
    registered: union(old.registered, next.registered, r => r),
  };
}

const toIso = (value: Date | string) => new Date(value).toISOString();

function fromRow(row: Row): StoredRequest {
  return {
    id: row.id,
    request: JSON.parse(row.payload),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** The request store on Backstage's database service (SQLite or PostgreSQL). */
export class DatabaseRequestStore implements RequestStore {
  static async create(options: { database: DatabaseService }) {
    return new DatabaseRequestStore(await migratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async record(request: ProvisioningRequestRecord, createdBy: string) {
    return this.db.transaction(async tx => {
      const now = new Date();
      const row: Row = {
        id: randomUUID(),
        service_ref: request.service,
        name: request.name,
        payload: JSON.stringify(request),
        created_by: createdBy,
        created_at: now,
        updated_at: now,
      };
      // Insert-or-nothing, then lock whichever row is there: concurrent callers for the same
      // datastore never collide on the unique index, and each merges into the row as the
      // previous one left it. (FOR UPDATE is a row lock on PostgreSQL; SQLite has one writer.)
      await tx<Row>(TABLE)
        .insert(row)
        .onConflict(['service_ref', 'name'])
        .ignore();
      const existing = await tx<Row>(TABLE)
        .where({ service_ref: request.service, name: request.name })
        .forUpdate()
        .first();
      if (!existing) {
        throw new Error(
          `The request ${request.name} of ${request.service} vanished while recording it`,
        );
      }
      // Ours: the request as given, as the first record of a datastore always was.
      // The revision last, in record and amend alike: the row's lock, then the revision's,
      // always in that order, so two writers never wait on each other in a cycle.
      if (existing.id === row.id) {
        await bumpRevision(tx);
        return fromRow(row);
      }
      const payload = JSON.stringify(
        merge(JSON.parse(existing.payload), request),
      );
      await tx<Row>(TABLE)
        .where({ id: existing.id })
        .update({ payload, updated_at: now });
      await bumpRevision(tx);
      return fromRow({ ...existing, payload, updated_at: now });
    });
  }

  /**
   * As {@link RequestStore.amend}. `change` may also return a promise (the transaction and the
   * row lock are held until it settles), which the tests use to interleave a concurrent record.
   */
  async amend(
    id: string,
    change: (
      current: ProvisioningRequestRecord,
    ) =>
      | ProvisioningRequestRecord
      | undefined
      | Promise<ProvisioningRequestRecord | undefined>,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const row = await tx<Row>(TABLE).where({ id }).forUpdate().first();
      if (!row) return false;
      const before = JSON.stringify(JSON.parse(row.payload));
      const next = await change(JSON.parse(row.payload));
      if (next === undefined) {
        await tx<Row>(TABLE).where({ id }).delete();
        await bumpRevision(tx);
        return true;
      }
      const payload = JSON.stringify(next);
      if (payload !== before) {
        await tx<Row>(TABLE)
          .where({ id })
          .update({ payload, updated_at: new Date() });
        await bumpRevision(tx);
      }
      return true;
    });
  }

  async list(filter: { serviceRef?: string } = {}) {
    const query = this.db<Row>(TABLE)
      .orderBy('created_at', 'asc')
      // Stable for requests recorded in the same millisecond.
      .orderBy('service_ref')
      .orderBy('name');
    if (filter.serviceRef) query.where({ service_ref: filter.serviceRef });
    return (await query).map(fromRow);
  }

  async revision(): Promise<number> {
    const row = await this.db(REVISION_TABLE)
      .where({ id: 1 })
      .first('revision');
    return Number(row?.revision ?? 0);
  }
}
