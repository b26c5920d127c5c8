import { DatastoreLifecycle } from './lifecycle';
import {
  FLEET_PAGE,
  FleetRow,
  fleetCounts,
  fleetQueryString,
  matchesFleetFilter,
  parseFleetQuery,
  readFleetQueryString,
  toggleFleetFilter,
} from './fleet';

describe('readFleetQueryString', () => {
  it('reads back what fleetQueryString writes, as the backend parses it', () => {
    const query = {
      filter: {
        environment: ['production'],
        backup: ['at-risk', 'unknown'],
        owner: ['group:default/team'],
      },
      offset: 50,
      limit: 25,
    };
    const search = fleetQueryString(query);
    expect(readFleetQueryString(search)).toEqual(query);
    expect(parseFleetQuery(Object.fromEntries(toEntries(search)))).toEqual(
      query,
    );
  });

  it('reads repeated and comma-separated values, with or without "?"', () => {
    expect(
      readFleetQueryString('?backup=at-risk,unknown&backup=declared'),
    ).toEqual({ filter: { backup: ['at-risk', 'unknown', 'declared'] } });
  });

  it('keeps unknown fields and values for the backend to refuse, in words', () => {
    const read = readFleetQueryString('enviroment=prod&kind=queue');
    expect(read).toEqual({
      filter: { enviroment: ['prod'], kind: ['queue'] },
    });
    expect(fleetQueryString(read)).toBe('enviroment=prod&kind=queue');
    expect(() =>
      parseFleetQuery(Object.fromEntries(toEntries(fleetQueryString(read)))),
    ).toThrow(/Unknown filter "enviroment"/);
  });

  it('leaves out paging that is not a whole number, and empty values', () => {
    expect(
      readFleetQueryString('offset=-1&limit=ten&environment=&kind=cache'),
    ).toEqual({ filter: { kind: ['cache'] } });
  });

  it('is empty for an empty query string (the defaults apply)', () => {
    expect(readFleetQueryString('')).toEqual({ filter: {} });
    expect(parseFleetQuery({})).toEqual({
      filter: {},
      offset: 0,
      limit: FLEET_PAGE.default,
    });
  });
});

describe('toggleFleetFilter', () => {
  it('adds a value to a field, keeping the others', () => {
    expect(
      toggleFleetFilter({ environment: ['production'] }, 'backup', 'unknown'),
    ).toEqual({ environment: ['production'], backup: ['unknown'] });
    expect(
      toggleFleetFilter({ backup: ['at-risk'] }, 'backup', 'unknown'),
    ).toEqual({ backup: ['at-risk', 'unknown'] });
  });

  it('removes a value that was there, and the field with its last value', () => {
    expect(
      toggleFleetFilter(
        { backup: ['at-risk', 'unknown'] },
        'backup',
        'at-risk',
      ),
    ).toEqual({ backup: ['unknown'] });
    expect(
      toggleFleetFilter(
        { backup: ['unknown'], kind: ['cache'] },
        'backup',
        'unknown',
      ),
    ).toEqual({ kind: ['cache'] });
  });
});

describe('the lifecycle filter', () => {
  const row = (lifecycle?: DatastoreLifecycle) =>
    ({
      service: 'component:default/orders',
      datastore: { lifecycle },
    } as unknown as FleetRow);
  const merged = (applied: 'current' | 'unknown'): DatastoreLifecycle => ({
    state: 'merged',
    steps: [
      { step: 'requested', status: 'done', evidence: 'PR.' },
      { step: 'merged', status: 'done', evidence: 'Merged.' },
      { step: 'applied', status: applied, evidence: 'Apply?' },
      { step: 'ready', status: 'pending', evidence: 'Ready?' },
    ],
  });

  it('is parsed with its values, and refuses another', () => {
    expect(parseFleetQuery({ lifecycle: 'failed,unknown' }).filter).toEqual({
      lifecycle: ['failed', 'unknown'],
    });
    expect(() => parseFleetQuery({ lifecycle: 'done' })).toThrow(
      'lifecycle "done" is not one of requested, merged, applied, ready, failed, unknown',
    );
  });

  it('matches where a datastore stands, an unobserved step as unknown', () => {
    const applying = row(merged('current'));
    const unobserved = row(merged('unknown'));
    expect(matchesFleetFilter(applying, { lifecycle: ['merged'] })).toBe(true);
    expect(matchesFleetFilter(unobserved, { lifecycle: ['merged'] })).toBe(
      false,
    );
    expect(matchesFleetFilter(unobserved, { lifecycle: ['unknown'] })).toBe(
      true,
    );
    expect(matchesFleetFilter(row(), { lifecycle: ['unknown'] })).toBe(true);
  });

  it('is counted per value', () => {
    const rows = [row(merged('current')), row(merged('unknown')), row()];
    // fleetCounts reads every field; the others are not this test's.
    const counts = fleetCounts(
      rows.map(r => ({
        ...r,
        datastore: {
          ...r.datastore,
          backup: {},
          secretSync: {},
          readiness: {},
          policy: {},
        },
      })) as unknown as FleetRow[],
    );
    expect(counts.by.lifecycle).toEqual({ merged: 1, unknown: 2 });
  });
});

/** A query string as Express hands it to the router: a repeated key becomes an array. */
function toEntries(search: string): Array<[string, string | string[]]> {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(search)) {
    grouped.set(k, [...(grouped.get(k) ?? []), v]);
  }
  return [...grouped].map(([k, vs]) => [k, vs.length === 1 ? vs[0] : vs]);
}

describe('the provider filter', () => {
  it('takes any provider id, a provider module’s too, and refuses what is not one', () => {
    expect(
      parseFleetQuery({ provider: 'rds,aurora-postgresql' }).filter,
    ).toEqual({ provider: ['rds', 'aurora-postgresql'] });
    expect(() => parseFleetQuery({ provider: 'Aurora PostgreSQL' })).toThrow(
      'provider "Aurora PostgreSQL" is not a provider id (lowercase words joined by hyphens, e.g. cloudnative-pg)',
    );
  });
});
