import { ReactElement } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityDatastoresLoader } from '../EntityDatastoresLoader';
import { DatastoresTable } from './DatastoresTable';

/**
 * The databases and caches of the current entity, one row each, with their backups, secret
 * sync and pull requests under review.
 * @public
 */
export function EntityDatastoresCard(props: { title?: string }): ReactElement {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  return (
    <InfoCard title={props.title ?? 'Datastores'}>
      <EntityDatastoresLoader entityRef={entityRef}>
        {datastores => <DatastoresTable datastores={datastores} />}
      </EntityDatastoresLoader>
    </InfoCard>
  );
}
