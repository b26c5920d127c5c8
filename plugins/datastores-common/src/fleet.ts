import { DATASTORE_KINDS, ENVIRONMENTS, STRATEGIES } from './model';
import { PROVIDER_ID_PATTERN } from './providers';
import { DatastoreStatus } from './status';
import { LIFECYCLE_STANDINGS, lifecycleStanding } from './lifecycle';
import {
  BACKUP_POSTURE_ORDER,
  READINESS_ORDER,
  SECRET_SYNC_ORDER,
} from './statusRule';
import { InputError } from '@backstage/errors';

/**
 * The fleet: every datastore the caller may read, across services (`GET /v1/datastores`, the
 * `/datastores` page). Filters, counts and paging are pure, shared by the backend that answers
 * and the page that asks.
 */

/** One datastore of the fleet, with the service it belongs to. @public */
export interface FleetRow {
  /** The service's entity ref (`component:default/orders`). */
  service: string;
  /** The service's owner (`spec.owner`), as an entity ref. */
  owner?: string;
  datastore: DatastoreStatus;
}

/**
 * The filterable fields with a fixed set of values, and those values. `owner` and `provider`
 * take any entity ref or provider id: their values are whatever the fleet has.
 * @public
 */
export const FLEET_FILTERS = {
  environment: ENVIRONMENTS,
  kind: DATASTORE_KINDS,
  strategy: STRATEGIES,
  backup: BACKUP_POSTURE_ORDER,
  secretSync: SECRET_SYNC_ORDER,
  readiness: READINESS_ORDER,
  compliance: ['complies', 'violates', 'unknown'],
  /** Where it stands: its last done step, `failed`, or `unknown` (see `lifecycleStanding`). */
  lifecycle: LIFECYCLE_STANDINGS,
} as const;

/** @public */
export type FleetFilterField =
  | keyof typeof FLEET_FILTERS
  | 'owner'
  | 'provider';

/** A filter: per field, the values any of which a row must have (fields AND, values OR). @public */
export type FleetFilter = Partial<Record<FleetFilterField, string[]>>;

/** @public */
export interface FleetQuery {
  filter: FleetFilter;
  offset: number;
  limit: number;
}

/** Rows per page: 50 unless asked, at most 500. @public */
export const FLEET_PAGE = { default: 50, max: 500 } as const;

/** The value of a row's field, as filters and counts see it. @public */
export function fleetValue(row: FleetRow, field: FleetFilterField): string {
  const d = row.datastore;
  switch (field) {
    case 'environment':
      return d.environment;
    case 'kind':
      return d.kind;
    case 'strategy':
      return d.strategy;
    case 'provider':
      return d.provider;
    case 'owner':
      return row.owner ?? '';
    case 'backup':
      return d.backup.posture;
    case 'secretSync':
      return d.secretSync.status;
    case 'readiness':
      return d.readiness.state;
    case 'compliance':
      return d.policy.state;
    case 'lifecycle':
      return lifecycleStanding(d.lifecycle);
    default:
      return '';
  }
}

/**
 * A production datastore at risk: its backups are not proven (at risk, unprotected, unknown,
 * only declared) or it violates the policy. Unknown counts as at risk: not knowing is not fine.
 * @public
 */
export function atRisk(d: DatastoreStatus): boolean {
  return (
    d.environment === 'production' &&
    (['at-risk', 'unprotected', 'unknown', 'declared'].includes(
      d.backup.posture,
    ) ||
      d.policy.state !== 'complies')
  );
}

const OWNER =
  /^(?:[a-z0-9]+:)?(?:[a-zA-Z0-9][-_.a-zA-Z0-9]*\/)?[a-zA-Z0-9][-_.a-zA-Z0-9]*$/;

/**
 * The query of `GET /v1/datastores`, for example
 * `?environment=production&backup=at-risk&backup=unknown&owner=group:default/team&offset=0&limit=50`:
 * a field repeated (or comma-separated) for several values. An unknown field or value is a 400 naming it and what is allowed.
 * @public
 */
export function parseFleetQuery(
  query: Record<string, string | string[] | undefined>,
): FleetQuery {
  const filter: FleetFilter = {};
  let offset = 0;
  let limit: number = FLEET_PAGE.default;
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw])
      .flatMap(v => String(v).split(','))
      .map(v => v.trim())
      .filter(Boolean);
    if (key === 'offset' || key === 'limit') {
      const n = Number(values[values.length - 1]);
      const max = key === 'limit' ? FLEET_PAGE.max : Number.MAX_SAFE_INTEGER;
      if (!Number.isInteger(n) || n < (key === 'limit' ? 1 : 0) || n > max) {
        throw new InputError(
          `${key} must be a whole number${
            key === 'limit' ? ` from 1 to ${FLEET_PAGE.max}` : ' from 0'
          }`,
        );
      }
      if (key === 'offset') offset = n;
      else limit = n;
      continue;
    }
    if (key === 'owner') {
      const bad = values.find(v => !OWNER.test(v));
      if (bad) {
        throw new InputError(
          `owner ${JSON.stringify(
            bad,
          )} is not an entity ref (e.g. group:default/team)`,
        );
      }
      filter.owner = values;
      continue;
    }
    if (key === 'provider') {
      const bad = values.find(v => !PROVIDER_ID_PATTERN.test(v));
      if (bad) {
        throw new InputError(
          `provider ${JSON.stringify(
            bad,
          )} is not a provider id (lowercase words joined by hyphens, e.g. cloudnative-pg)`,
        );
      }
      filter.provider = values;
      continue;
    }
    const allowed = (FLEET_FILTERS as Record<string, readonly string[]>)[key];
    if (!allowed) {
      throw new InputError(
        `Unknown filter ${JSON.stringify(key)}; the filters are ${[
          ...Object.keys(FLEET_FILTERS),
          'owner',
          'provider',
        ].join(', ')}, with offset and limit for paging`,
      );
    }
    const bad = values.find(v => !allowed.includes(v));
    if (bad) {
      throw new InputError(
        `${key} ${JSON.stringify(bad)} is not one of ${allowed.join(', ')}`,
      );
    }
    filter[key as FleetFilterField] = values;
  }
  return { filter, offset, limit };
}

/** The query string of a fleet query (what `parseFleetQuery` reads back). @public */
export function fleetQueryString(query: Partial<FleetQuery>): string {
  const params = new URLSearchParams();
  for (const [field, values] of Object.entries(query.filter ?? {})) {
    for (const v of values ?? []) params.append(field, v);
  }
  if (query.offset) params.set('offset', String(query.offset));
  if (query.limit) params.set('limit', String(query.limit));
  return params.toString();
}

/**
 * A fleet query read back from a query string as it is, without judging it: the fleet page keeps
 * its query in its own URL (the same string as the API's) and lets the backend say what is wrong
 * with a shared link (a 400 naming the allowed values), so an unknown field or value is kept.
 * Offset and limit that are not whole numbers are left out (the defaults apply).
 * @public
 */
export function readFleetQueryString(
  search: string,
): Partial<FleetQuery> & { filter: FleetFilter } {
  const params = new URLSearchParams(search);
  const filter: Record<string, string[]> = {};
  const query: Partial<FleetQuery> = {};
  for (const [key, raw] of params) {
    if (key === 'offset' || key === 'limit') {
      const n = Number(raw);
      if (Number.isInteger(n) && n >= 0) query[key] = n;
      continue;
    }
    const values = raw
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    if (values.length) filter[key] = [...(filter[key] ?? []), ...values];
  }
  return { ...query, filter: filter as FleetFilter };
}

/**
 * The filter with `value` of `field` added, or removed when it was there; a field left with no
 * value is dropped (no value means no filter on it).
 * @public
 */
export function toggleFleetFilter(
  filter: FleetFilter,
  field: FleetFilterField,
  value: string,
): FleetFilter {
  const current = filter[field] ?? [];
  const values = current.includes(value)
    ? current.filter(v => v !== value)
    : [...current, value];
  const { [field]: _dropped, ...rest } = filter;
  return values.length ? { ...rest, [field]: values } : rest;
}

/** Whether a row passes every field of the filter. @public */
export function matchesFleetFilter(
  row: FleetRow,
  filter: FleetFilter,
): boolean {
  return Object.entries(filter).every(
    ([field, values]) =>
      !values?.length ||
      values.includes(fleetValue(row, field as FleetFilterField)),
  );
}

/** What the page's header counts, over every row the caller may read (before filters). @public */
export interface FleetCounts {
  total: number;
  /** Production datastores whose backups are not proven or that violate the policy. */
  productionAtRisk: number;
  /** Per field, per value, how many rows have it. */
  by: Record<FleetFilterField, Record<string, number>>;
  /** How people call each provider counted (a provider module's too), by id. */
  providerTitles?: Record<string, string>;
}

/** @public */
export function fleetCounts(rows: FleetRow[]): FleetCounts {
  const fields = [
    ...Object.keys(FLEET_FILTERS),
    'owner',
    'provider',
  ] as FleetFilterField[];
  const by = Object.fromEntries(fields.map(f => [f, {}])) as FleetCounts['by'];
  let productionAtRisk = 0;
  const providerTitles: Record<string, string> = {};
  for (const row of rows) {
    if (atRisk(row.datastore)) productionAtRisk++;
    const { provider, providerTitle } = row.datastore;
    if (providerTitle) providerTitles[provider] = providerTitle;
    for (const field of fields) {
      const value = fleetValue(row, field);
      by[field][value] = (by[field][value] ?? 0) + 1;
    }
  }
  return { total: rows.length, productionAtRisk, by, providerTitles };
}

/** `GET /v1/datastores`'s answer. @public */
export interface FleetPage {
  items: FleetRow[];
  /** Rows matching the filter (all pages). */
  totalItems: number;
  offset: number;
  limit: number;
  /** Over every row the caller may read, whatever the filter. */
  counts: FleetCounts;
  /** When the statuses were computed (ISO 8601): they are at most this old. */
  computedAt: string;
}

/**
 * One page of the rows matching the query, with the counts over all of them (`counts`: when
 * already counted for these rows).
 * @public
 */
export function fleetPage(
  rows: FleetRow[],
  query: FleetQuery,
  computedAt: string,
  counts: FleetCounts = fleetCounts(rows),
): FleetPage {
  const matching = rows.filter(r => matchesFleetFilter(r, query.filter));
  return {
    items: matching.slice(query.offset, query.offset + query.limit),
    totalItems: matching.length,
    offset: query.offset,
    limit: query.limit,
    counts,
    computedAt,
  };
}
