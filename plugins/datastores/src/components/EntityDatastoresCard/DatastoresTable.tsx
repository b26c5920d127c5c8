import { ReactElement } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import {
  ENVIRONMENT_NAMES,
  PROVIDER_NAMES,
  STRATEGY_NAMES,
  sortDatastores,
} from '../../labels';
import { BackupPostureLabel } from '../BackupPostureLabel';
import { PullRequestLinks } from '../PullRequestLinks';
import { ReadinessLabel } from '../ReadinessLabel';
import { SecretSyncLabel } from '../SecretSyncLabel';
import { StatusLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  wrapper: { overflowX: 'auto' },
  // Seven columns share half a page: tighter than MUI's default right padding.
  table: { '& th, & td': { paddingRight: theme.spacing(1.5) } },
  cell: { verticalAlign: 'top' },
  nowrap: { whiteSpace: 'nowrap' },
  secondary: { color: theme.palette.text.secondary },
}));

/** One row per datastore: where it runs, how, its backups, its secret and its pull requests. */
export function DatastoresTable(props: {
  datastores: DatastoreStatus[];
}): ReactElement {
  const classes = useStyles();
  return (
    <div className={classes.wrapper}>
      <Table size="small" aria-label="Datastores" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell className={classes.nowrap}>Datastore</TableCell>
            <TableCell className={classes.nowrap}>Environment</TableCell>
            <TableCell className={classes.nowrap}>Strategy</TableCell>
            <TableCell className={classes.nowrap}>Readiness</TableCell>
            <TableCell className={classes.nowrap}>Backups</TableCell>
            <TableCell className={classes.nowrap}>Secret sync</TableCell>
            <TableCell className={classes.nowrap}>Pull requests</TableCell>
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
                {d.inCatalog ? (
                  <EntityRefLink entityRef={d.entityRef} hideIcon>
                    {d.name}
                  </EntityRefLink>
                ) : (
                  <span>{d.name}</span>
                )}
                <Typography
                  variant="caption"
                  component="div"
                  className={`${classes.secondary} ${classes.nowrap}`}
                >
                  {d.kind} · {d.engine}
                </Typography>
                {!d.inCatalog && (
                  <StatusLabel
                    tone="requested"
                    text="Requested"
                    explanation="Its pull request is not merged yet, so it is not in the catalog."
                  />
                )}
              </TableCell>
              <TableCell className={`${classes.cell} ${classes.nowrap}`}>
                {ENVIRONMENT_NAMES[d.environment]}
              </TableCell>
              <TableCell className={`${classes.cell} ${classes.nowrap}`}>
                {STRATEGY_NAMES[d.strategy]}
                <Typography
                  variant="caption"
                  component="div"
                  className={classes.secondary}
                >
                  {PROVIDER_NAMES[d.provider]}
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
                <PullRequestLinks pullRequests={d.pullRequests} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
