import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { datastoresApiRef } from '../../api';
import { CurrentDatastore, currentDatastore } from './changeOutcome';

/**
 * The datastore `name` of `service` as the backend reports it now, for "Change datastore":
 * `undefined` while either answer is missing, `null` when the service has no such datastore.
 */
export function useCurrentDatastore(
  service: unknown,
  name: unknown,
): { value?: CurrentDatastore | null; loading: boolean; error?: Error } {
  const api = useApi(datastoresApiRef);
  const ready = typeof service === 'string' && typeof name === 'string';
  const state = useAsync(async () => {
    if (!ready) return undefined;
    const answer = await api.getEntityDatastores(service as string);
    return currentDatastore(answer.datastores, name as string) ?? null;
  }, [api, service, name, ready]);
  return { value: state.value, loading: state.loading, error: state.error };
}
