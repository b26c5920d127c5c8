import { ReactElement } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import {
  getEntityRelations,
  useEntity,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { datastoresTabPath } from '../../routes';
import { serviceRefOf } from '../../serviceRefOf';
import { useEntityDatastores } from '../../hooks/useEntityDatastores';
import { EntityDatastoresView } from '../EntityDatastoresLoader';
import { RefreshNowButton } from '../RefreshNowButton';
import { DatastoreSummary } from './DatastoreSummary';
import { DatastoresTable } from './DatastoresTable';

/**
 * The databases and caches of the current entity, one row each, with their backups, secret
 * sync and pull requests under review, and a link to the "Datastores" tab. On a datastore's
 * own `Resource` page, a summary of that datastore and a link back to its service.
 * @public
 */
export function EntityDatastoresCard(props: { title?: string }): ReactElement {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const entityPath = useEntityRefLink()(entity);
  const isResource = entity.kind.toLocaleLowerCase('en-US') === 'resource';
  const state = useEntityDatastores(entityRef);
  return (
    <InfoCard
      title={props.title ?? 'Datastores'}
      action={
        <RefreshNowButton entityRef={entityRef} onRefreshed={state.replace} />
      }
      deepLink={{
        title: 'View all',
        link: datastoresTabPath(entityPath),
      }}
    >
      <EntityDatastoresView entityRef={entityRef} state={state}>
        {datastores =>
          // The backend answers a datastore Resource with that one datastore.
          isResource && datastores.length === 1 ? (
            <DatastoreSummary
              datastore={datastores[0]}
              serviceRef={serviceRefOf(entity)}
              services={getEntityRelations(entity, 'dependencyOf', {
                kind: 'component',
              })}
            />
          ) : (
            <DatastoresTable
              datastores={datastores}
              serviceRef={serviceRefOf(entity)}
            />
          )
        }
      </EntityDatastoresView>
    </InfoCard>
  );
}
