import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import {
  FleetPage,
  FleetQuery,
  fleetQueryString,
  readFleetQueryString,
} from '@datastores/plugin-datastores-common';
import { datastoresApiRef } from '../../api';

/**
 * One page of the fleet for `query`, loaded again whenever the query changes; the last page
 * stays in `value` while the next one loads, so the table does not blink.
 */
export function useFleet(query: Partial<FleetQuery>): {
  value?: FleetPage;
  error?: Error;
  loading: boolean;
} {
  const api = useApi(datastoresApiRef);
  // The query string is the query's identity: a new object asking the same is not a new load.
  const key = fleetQueryString(query);
  return useAsync(() => api.getFleet(readFleetQueryString(key)), [api, key]);
}
