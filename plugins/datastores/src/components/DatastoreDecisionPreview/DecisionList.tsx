import { ReactElement } from 'react';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Decision, Target } from '@datastores/plugin-datastores-common';
import {
  ENVIRONMENT_NAMES,
  PROVIDER_NAMES,
  STRATEGY_NAMES,
} from '../../labels';
import { DetailList } from '../DetailList';

const TARGET_NAMES: Record<Target, string> = {
  terraform: 'A pull request to the Terraform repo',
  gitops: 'A pull request to the GitOps repo',
};

const useStyles = makeStyles(theme => ({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: theme.spacing(1),
  },
  paper: { padding: theme.spacing(1.5, 2) },
}));

/** Each environment's decision: how it will run, where the change goes, why, and its backups. */
export function DecisionList(props: { decisions: Decision[] }): ReactElement {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label="Decisions by environment">
      {props.decisions.map(d => (
        <li key={d.environment}>
          <Paper variant="outlined" className={classes.paper}>
            <Typography variant="subtitle2" component="h4" gutterBottom>
              {ENVIRONMENT_NAMES[d.environment]}: {STRATEGY_NAMES[d.strategy]}{' '}
              on {PROVIDER_NAMES[d.provider]}
            </Typography>
            <DetailList
              items={[
                ['Strategy', STRATEGY_NAMES[d.strategy]],
                ['Provider', PROVIDER_NAMES[d.provider]],
                ['Delivered by', TARGET_NAMES[d.target]],
                ['Why', d.rationale],
                ['Backups', d.backup.summary],
              ]}
            />
          </Paper>
        </li>
      ))}
    </ul>
  );
}
