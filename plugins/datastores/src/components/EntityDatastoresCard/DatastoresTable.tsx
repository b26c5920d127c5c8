import { ReactElement } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { Theme, makeStyles } from '@material-ui/core/styles';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import {
  ENVIRONMENT_NAMES,
  providerName,
  STRATEGY_NAMES,
  kindAndEngine,
  sortDatastores,
} from '../../labels';
import { BackupPostureLabel } from '../BackupPostureLabel';
import { DatastoreActionsMenu } from '../DatastoreActionsMenu';
import { DatastoreStateLabels } from '../DatastoreStateLabels';
import { LifecycleStepper } from '../LifecycleStepper';
import { PullRequestLinks, PullRequestsButton } from '../PullRequestLinks';
import { ReadinessLabel } from '../ReadinessLabel';
import { ReplacementLinks } from '../ReplacementLinks';
import { SecretSyncLabel } from '../SecretSyncLabel';

const useStyles = makeStyles(theme => ({
  wrapper: { overflowX: 'auto' },
  // Seven columns share half a page: tighter than MUI's default right padding.
  table: {
    '& th, & td': { paddingRight: theme.spacing(1.5) },
    // Wrap headers and captions between words only ("Pull / requests", never "reque / sts").
    '& th, & td .MuiTypography-caption': { wordBreak: 'normal' },
  },
  cell: { verticalAlign: 'top' },
  // The name and its actions' menu on one line, the menu at the cell's end.
  nameLine: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: theme.spacing(0.5),
  },
  menu: { marginTop: theme.spacing(-0.5) },
  nowrap: { whiteSpace: 'nowrap' },
  secondary: { color: theme.palette.text.secondary },
  stack: { listStyle: 'none', margin: 0, padding: 0 },
  stackItem: {
    padding: theme.spacing(1.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  stackFacts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(1, 0, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
}));

/** What every row needs besides its datastore: the others shown, and their service. */
interface RowContext {
  datastores: DatastoreStatus[];
  /** The service they belong to; without one, no "Change…" and "Decommission…" menu. */
  serviceRef?: string;
}

/**
 * The datastore's name (a link once it is in the catalog) and its actions' menu, its
 * environment (in the table, where it has no column of its own), kind and engine, what it
 * replaces or is replaced by, "Requested" or "Decommissioning", and its lifecycle's steps.
 */
function NameCell(props: {
  d: DatastoreStatus;
  context: RowContext;
  withEnvironment?: boolean;
}): ReactElement {
  const { d, context } = props;
  const classes = useStyles();
  return (
    <>
      <div className={classes.nameLine}>
        {d.inCatalog ? (
          <EntityRefLink entityRef={d.entityRef} hideIcon>
            {d.name}
          </EntityRefLink>
        ) : (
          <span>{d.name}</span>
        )}
        {context.serviceRef && (
          <span className={classes.menu}>
            <DatastoreActionsMenu
              datastore={d}
              serviceRef={context.serviceRef}
              datastores={context.datastores}
            />
          </span>
        )}
      </div>
      <Typography
        variant="caption"
        component="div"
        className={classes.secondary}
      >
        {props.withEnvironment && `${ENVIRONMENT_NAMES[d.environment]} · `}
        {kindAndEngine(d)}
      </Typography>
      <ReplacementLinks datastore={d} datastores={context.datastores} />
      <DatastoreStateLabels
        datastore={d}
        serviceRef={context.serviceRef}
        compact
      />
      <LifecycleStepper
        lifecycle={d.lifecycle}
        label={`Lifecycle of ${d.name} (${ENVIRONMENT_NAMES[d.environment]})`}
        compact
      />
    </>
  );
}

/** On a narrow screen: one block per datastore, its facts stacked, nothing cut. */
function DatastoresStack(props: RowContext) {
  const classes = useStyles();
  return (
    <ul className={classes.stack} aria-label="Datastores">
      {sortDatastores(props.datastores).map(d => (
        <li key={d.entityRef} className={classes.stackItem}>
          <NameCell d={d} context={props} />
          <dl className={classes.stackFacts}>
            <dt>Environment</dt>
            <dd>{ENVIRONMENT_NAMES[d.environment]}</dd>
            <dt>Strategy</dt>
            <dd>
              {STRATEGY_NAMES[d.strategy]} · {providerName(d)}
            </dd>
            <dt>Readiness</dt>
            <dd>
              <ReadinessLabel readiness={d.readiness} />
            </dd>
            <dt>Backups</dt>
            <dd>
              <BackupPostureLabel backup={d.backup} requested={!d.inCatalog} />
            </dd>
            <dt>Secret sync</dt>
            <dd>
              <SecretSyncLabel secretSync={d.secretSync} />
            </dd>
            <dt>Pull requests</dt>
            <dd>
              <PullRequestLinks pullRequests={d.pullRequests} />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/**
 * One row per datastore: where it runs, how, its backups, its secret and its pull requests
 * (an icon with their count, so the table fits half a page), with a menu to change or
 * decommission it when they belong to one service; stacked on a narrow screen.
 */
export function DatastoresTable(props: RowContext): ReactElement {
  const classes = useStyles();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
  if (narrow) return <DatastoresStack {...props} />;
  return (
    <div className={classes.wrapper}>
      <Table size="small" aria-label="Datastores" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell className={classes.nowrap}>Datastore</TableCell>
            <TableCell className={classes.nowrap}>Strategy</TableCell>
            <TableCell className={classes.nowrap}>Readiness</TableCell>
            <TableCell className={classes.nowrap}>Backups</TableCell>
            <TableCell>Secret sync</TableCell>
            <TableCell>Pull requests</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {sortDatastores(props.datastores).map(d => (
            <TableRow key={d.entityRef}>
              <TableCell
                component="th"
                scope="row"
                // MUI gives a custom-component cell the role `cell`; this one heads its row.
                role="rowheader"
                className={classes.cell}
              >
                <NameCell d={d} context={props} withEnvironment />
              </TableCell>
              <TableCell className={`${classes.cell} ${classes.nowrap}`}>
                {STRATEGY_NAMES[d.strategy]}
                <Typography
                  variant="caption"
                  component="div"
                  className={classes.secondary}
                >
                  {providerName(d)}
                </Typography>
              </TableCell>
              <TableCell className={classes.cell}>
                <ReadinessLabel readiness={d.readiness} />
              </TableCell>
              <TableCell className={classes.cell}>
                <BackupPostureLabel
                  backup={d.backup}
                  requested={!d.inCatalog}
                />
              </TableCell>
              <TableCell className={classes.cell}>
                <SecretSyncLabel secretSync={d.secretSync} />
              </TableCell>
              <TableCell className={classes.cell}>
                <PullRequestsButton pullRequests={d.pullRequests} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
