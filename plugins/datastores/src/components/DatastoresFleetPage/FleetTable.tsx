import { ReactElement, useMemo } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  humanizeEntityRef,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { FleetPage, FleetRow } from '@datastores/plugin-datastores-common';
import {
  ENVIRONMENT_NAMES,
  providerName,
  STRATEGY_NAMES,
  kindAndEngine,
} from '../../labels';
import { datastoresTabPath } from '../../routes';
import { BackupPostureLabel } from '../BackupPostureLabel';
import { ComplianceLabel } from '../ComplianceLabel';
import { LifecycleLabel } from '../LifecycleStepper';
import { ReadinessLabel } from '../ReadinessLabel';
import { SecretSyncLabel } from '../SecretSyncLabel';
import { StatusLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  root: {
    '& td, & th': {
      // Wrap between words only ("Self- / hosted", never "Drag / onfly"); the lifecycle and the
      // policy, the longest labels, may wrap so that nine columns fit beside the filters.
      wordBreak: 'normal',
      // Nine columns beside the filters: tighter than the table's default padding.
      paddingLeft: theme.spacing(1),
      paddingRight: theme.spacing(1),
    },
  },
}));

/** Rows per page the table offers; the page's own size joins them when a link asks another. */
const PAGE_SIZES = [20, 50, 100];

function columns(entityLink: (ref: string) => string): TableColumn<FleetRow>[] {
  return [
    {
      title: 'Service',
      render: row => (
        <Link to={datastoresTabPath(entityLink(row.service))}>
          {humanizeEntityRef(parseEntityRef(row.service), {
            defaultKind: 'component',
          })}
        </Link>
      ),
    },
    {
      // Kind and engine fold under the name, as in the card, so the row fits the page.
      title: 'Datastore',
      render: ({ datastore: d }) => (
        <>
          {d.name}
          <Typography variant="caption" component="div" color="textSecondary">
            {kindAndEngine(d)}
          </Typography>
          {!d.inCatalog && (
            <StatusLabel
              tone="requested"
              text="Requested"
              explanation="Its pull request is not merged yet, so it is not in the catalog."
            />
          )}
        </>
      ),
    },
    {
      title: 'Environment',
      render: ({ datastore: d }) => ENVIRONMENT_NAMES[d.environment],
    },
    {
      title: 'Strategy',
      render: ({ datastore: d }) => (
        <>
          {STRATEGY_NAMES[d.strategy]}
          <Typography variant="caption" component="div" color="textSecondary">
            {providerName(d)}
          </Typography>
        </>
      ),
    },
    {
      title: 'Lifecycle',
      render: ({ datastore: d }) => <LifecycleLabel lifecycle={d.lifecycle} />,
    },
    {
      title: 'Backups',
      render: ({ datastore: d }) => (
        <BackupPostureLabel backup={d.backup} requested={!d.inCatalog} />
      ),
    },
    {
      title: 'Secret sync',
      render: ({ datastore: d }) => (
        <SecretSyncLabel secretSync={d.secretSync} />
      ),
    },
    {
      title: 'Readiness',
      render: ({ datastore: d }) => <ReadinessLabel readiness={d.readiness} />,
    },
    {
      title: 'Policy',
      render: ({ datastore: d }) => <ComplianceLabel policy={d.policy} wrap />,
    },
  ];
}

/**
 * One page of the fleet, one row per datastore, its service linking to that service's
 * Datastores tab; the pagination asks the backend for the other pages.
 */
export function FleetTable(props: {
  page: FleetPage;
  loading: boolean;
  onPage: (offset: number, limit: number) => void;
}): ReactElement {
  const { page, loading, onPage } = props;
  const classes = useStyles();
  const entityLink = useEntityRefLink();
  const cols = useMemo(() => columns(entityLink), [entityLink]);
  const sizes = [...new Set([...PAGE_SIZES, page.limit])].sort((a, b) => a - b);
  return (
    <div className={classes.root}>
      <Table<FleetRow>
        title={`${page.totalItems} ${
          page.totalItems === 1 ? 'datastore' : 'datastores'
        }`}
        columns={cols}
        data={page.items}
        isLoading={loading}
        options={{
          paging: true,
          pageSize: page.limit,
          pageSizeOptions: sizes,
          emptyRowsWhenPaging: false,
          search: false,
          sorting: false,
          draggable: false,
          padding: 'dense',
        }}
        page={Math.floor(page.offset / page.limit)}
        totalCount={page.totalItems}
        onPageChange={(index, size) => onPage(index * size, size)}
        onRowsPerPageChange={size => onPage(0, size)}
      />
    </div>
  );
}
