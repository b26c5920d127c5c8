import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { DatastoresClient, datastoresApiRef } from '../api';

/** The datastores backend client. */
export const datastoresApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: datastoresApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DatastoresClient({ discoveryApi, fetchApi }),
    }),
});
