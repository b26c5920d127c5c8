import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  FLEET_PAGE,
  FleetFilter,
  fleetQueryString,
  readFleetQueryString,
} from '@datastores/plugin-datastores-common';

/** What {@link useFleetQuery} returns. */
export interface FleetQueryState {
  /** What the page URL asks for, as it is: the backend judges it (and the defaults fill in). */
  asked: ReturnType<typeof readFleetQueryString>;
  /** The page's paging, with the backend's defaults where the URL says nothing. */
  offset: number;
  limit: number;
  /** Shows another filter or page: a new history entry, so "back" undoes it. */
  setQuery(next: {
    filter: FleetFilter;
    offset?: number;
    limit?: number;
  }): void;
}

/**
 * The fleet query kept in the page URL's query string (the same string the API reads), so a
 * filtered view can be shared and a reload keeps it.
 */
export function useFleetQuery(): FleetQueryState {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const asked = useMemo(() => readFleetQueryString(search), [search]);
  const setQuery = useCallback<FleetQueryState['setQuery']>(
    ({ filter, offset, limit }) =>
      setParams(
        fleetQueryString({
          filter,
          offset,
          // The default stays out of the URL, so a shared link says only what was chosen.
          limit: limit === FLEET_PAGE.default ? undefined : limit,
        }),
      ),
    [setParams],
  );
  return {
    asked,
    offset: asked.offset ?? 0,
    limit: asked.limit ?? FLEET_PAGE.default,
    setQuery,
  };
}
