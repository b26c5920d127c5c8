import { ReactElement } from 'react';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import { ENVIRONMENT_NAMES, kindAndEngine, strategyText } from '../../labels';
import { BackupPostureLabel } from '../BackupPostureLabel';
import { DatastoreActionsMenu } from '../DatastoreActionsMenu';
import { DecommissioningLabel } from '../DecommissioningLabel';
import { DetailList } from '../DetailList';
import { LifecycleStepper } from '../LifecycleStepper';
import { PullRequestLinks } from '../PullRequestLinks';
import { ReadinessLabel } from '../ReadinessLabel';
import { ReplacementLinks } from '../ReplacementLinks';
import { SecretSyncLabel } from '../SecretSyncLabel';

const useStyles = makeStyles(theme => ({
  service: { marginTop: theme.spacing(2) },
  datastore: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
}));

/**
 * One datastore in a few lines, for the card on its own `Resource` page (where a table of
 * one row linking to the page itself would say less): how it runs, its lifecycle, readiness, backups,
 * secret sync and pull requests, and a link back to the service it belongs to.
 */
export function DatastoreSummary(props: {
  datastore: DatastoreStatus;
  services: CompoundEntityRef[];
  /** Its one service, for the "Change…" and "Decommission…" menu. */
  serviceRef?: string;
}): ReactElement {
  const { datastore: d, services, serviceRef } = props;
  const classes = useStyles();
  return (
    <div>
      <DetailList
        items={[
          [
            'Datastore',
            <span className={classes.datastore}>
              {kindAndEngine(d)} · {ENVIRONMENT_NAMES[d.environment]}
              {serviceRef && (
                <DatastoreActionsMenu
                  datastore={d}
                  serviceRef={serviceRef}
                  datastores={[d]}
                />
              )}
            </span>,
          ],
          [
            'Replacement',
            d.replaces || d.replacedBy ? (
              <ReplacementLinks datastore={d} />
            ) : undefined,
          ],
          [
            'Decommissioning',
            d.decommissioning && (
              <DecommissioningLabel
                datastore={{ ...d, decommissioning: d.decommissioning }}
                serviceRef={serviceRef}
              />
            ),
          ],
          ['Strategy', strategyText(d)],
          [
            'Lifecycle',
            d.lifecycle && (
              <LifecycleStepper
                lifecycle={d.lifecycle}
                label={`Lifecycle of ${d.name}`}
                compact
              />
            ),
          ],
          ['Readiness', <ReadinessLabel readiness={d.readiness} />],
          [
            'Backups',
            <BackupPostureLabel backup={d.backup} requested={!d.inCatalog} />,
          ],
          ['Secret sync', <SecretSyncLabel secretSync={d.secretSync} />],
          ['Pull requests', <PullRequestLinks pullRequests={d.pullRequests} />],
        ]}
      />
      {services.length > 0 && (
        <Typography variant="body2" className={classes.service}>
          {services.length === 1
            ? 'Datastore of the service '
            : 'Datastore of the services '}
          {services.map((service, i) => (
            <span key={`${service.namespace}/${service.name}`}>
              {i > 0 && ', '}
              <EntityRefLink entityRef={service} defaultKind="component" />
            </span>
          ))}
          .
        </Typography>
      )}
    </div>
  );
}
