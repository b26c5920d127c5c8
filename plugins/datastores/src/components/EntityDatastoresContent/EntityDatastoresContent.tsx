import { ReactElement } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  DatastoreStatus,
  ENVIRONMENTS,
} from '@datastores/plugin-datastores-common';
import { ENVIRONMENT_NAMES, sortDatastores } from '../../labels';
import { serviceRefOf } from '../../serviceRefOf';
import { EntityDatastoresLoader } from '../EntityDatastoresLoader';
import { DatastoreDetails } from './DatastoreDetails';

function ByEnvironment(props: {
  datastores: DatastoreStatus[];
  serviceRef?: string;
}) {
  const sorted = sortDatastores(props.datastores);
  return (
    <Grid container spacing={3} direction="column">
      {ENVIRONMENTS.filter(env => sorted.some(d => d.environment === env)).map(
        env => (
          <Grid
            item
            key={env}
            component="section"
            aria-labelledby={`env-${env}`}
          >
            <Typography
              variant="h5"
              component="h2"
              id={`env-${env}`}
              gutterBottom
            >
              {ENVIRONMENT_NAMES[env]}
            </Typography>
            <Grid container spacing={2} direction="column">
              {sorted
                .filter(d => d.environment === env)
                .map(d => (
                  <Grid item key={d.entityRef}>
                    <DatastoreDetails
                      datastore={d}
                      datastores={sorted}
                      serviceRef={props.serviceRef}
                    />
                  </Grid>
                ))}
            </Grid>
          </Grid>
        ),
      )}
    </Grid>
  );
}

/**
 * The "Datastores" tab: the entity's datastores by environment, each with its decision,
 * policy, backups, secret sync, how to connect and its pull requests.
 * @public
 */
export function EntityDatastoresContent(): ReactElement {
  const { entity } = useEntity();
  return (
    <EntityDatastoresLoader entityRef={stringifyEntityRef(entity)}>
      {datastores => (
        <ByEnvironment
          datastores={datastores}
          serviceRef={serviceRefOf(entity)}
        />
      )}
    </EntityDatastoresLoader>
  );
}
