import { useApi } from '@backstage/core-plugin-api';
import { EntityDatastores } from '@datastores/plugin-datastores-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { datastoresApiRef } from '../api';

/** The datastores of an entity, as the datastores backend reports them. */
export function useEntityDatastores(entityRef: string): {
  value?: EntityDatastores;
  loading: boolean;
  error?: Error;
  retry: () => void;
} {
  const api = useApi(datastoresApiRef);
  return useAsyncRetry(
    () => api.getEntityDatastores(entityRef),
    [api, entityRef],
  );
}
