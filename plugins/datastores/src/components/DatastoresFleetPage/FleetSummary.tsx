import { ReactElement } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { FleetCounts } from '@datastores/plugin-datastores-common';
import { StatusLabel } from '../StatusLabel';
import { When } from '../When';

const useStyles = makeStyles(theme => ({
  root: { marginBottom: theme.spacing(3) },
  headline: { fontWeight: theme.typography.fontWeightMedium as number },
  note: { color: theme.palette.text.secondary },
}));

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/**
 * The page's first line: how many production datastores are at risk (unknown counts as at
 * risk), out of how many datastores, and how old the statuses are.
 */
export function FleetSummary(props: {
  counts: FleetCounts;
  computedAt: string;
}): ReactElement {
  const { counts, computedAt } = props;
  const classes = useStyles();
  const atRisk = counts.productionAtRisk;
  return (
    <section className={classes.root} aria-label="Summary">
      <Typography variant="h4" component="p" className={classes.headline}>
        <StatusLabel
          tone={atRisk > 0 ? 'warning' : 'ok'}
          text={
            atRisk > 0
              ? `${plural(
                  atRisk,
                  'production datastore',
                  'production datastores',
                )} at risk`
              : 'No production datastore at risk'
          }
          explanation="At risk: its backups are not proven (at risk, unprotected, unknown or only declared) or it breaks the policy."
        />
      </Typography>
      <Typography variant="body1">
        {plural(counts.total, 'datastore', 'datastores')} in total
      </Typography>
      <Typography variant="caption" component="p" className={classes.note}>
        Computed <When at={computedAt} />; the counts are over every datastore
        you may read, whatever the filters.
      </Typography>
    </section>
  );
}
