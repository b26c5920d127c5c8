import { ReactElement } from 'react';
import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import { useEntityDatastores } from '../../hooks/useEntityDatastores';
import { NoDatastores } from '../NoDatastores';

/**
 * Loads an entity's datastores and renders the states the card and the tab share: loading,
 * failed, partly failed (the `errors` the backend reports beside the datastores) and empty.
 */
export function EntityDatastoresLoader(props: {
  entityRef: string;
  children: (datastores: DatastoreStatus[]) => ReactElement;
}): ReactElement {
  const { entityRef, children } = props;
  const { value, loading, error } = useEntityDatastores(entityRef);
  if (loading) {
    return <Progress aria-label="Loading datastores" />;
  }
  if (error || !value) {
    return (
      <ResponseErrorPanel
        title="Could not load the datastores"
        error={error ?? new Error('The datastores backend sent no answer.')}
      />
    );
  }
  return (
    <>
      {value.errors.length > 0 && (
        <WarningPanel
          title="Some status could not be read"
          message={
            <ul>
              {value.errors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          }
          defaultExpanded
        />
      )}
      {value.datastores.length === 0 ? (
        <NoDatastores entityRef={entityRef} />
      ) : (
        children(value.datastores)
      )}
    </>
  );
}
