import { ReactElement } from 'react';
import Chip from '@material-ui/core/Chip';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  CostEstimate,
  Decision,
  ENVIRONMENTS,
  Environment,
  Refusal,
  Target,
  formatMonthlyCost,
} from '@datastores/plugin-datastores-common';
import { ENVIRONMENT_NAMES, providerName, STRATEGY_NAMES } from '../../labels';
import { decisionReason, decisionRule } from '../../decisionText';
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
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.5),
  },
  rule: { display: 'block', color: theme.palette.text.secondary },
  refused: { borderColor: theme.palette.error.main },
}));

/** An environment's estimate in words: "about $55/month", "about $110/month (Multi-AZ: primary and standby)". */
export function environmentCostText(
  cost: CostEstimate | undefined,
  environment: Environment,
): string | undefined {
  const mine = cost?.perEnvironment.find(e => e.environment === environment);
  if (!cost || !mine) return undefined;
  return `${formatMonthlyCost(mine.monthly, cost.currency)}${
    mine.multiAz ? ' (Multi-AZ: primary and standby)' : ''
  }`;
}

/**
 * Each environment's decision (how it will run, where the change goes, why, its backups, its
 * estimated cost), or its refusal and how to get there, in the order of the environments.
 */
export function DecisionList(props: {
  decisions: Decision[];
  refusals?: Refusal[];
  cost?: CostEstimate;
}): ReactElement {
  const classes = useStyles();
  const items: Array<{
    environment: Environment;
    decision?: Decision;
    refusal?: Refusal;
  }> = [
    ...props.decisions.map(d => ({ environment: d.environment, decision: d })),
    ...(props.refusals ?? []).map(r => ({
      environment: r.environment,
      refusal: r,
    })),
  ].sort(
    (a, b) =>
      ENVIRONMENTS.indexOf(a.environment) - ENVIRONMENTS.indexOf(b.environment),
  );
  return (
    <ul className={classes.list} aria-label="Decisions by environment">
      {items.map(({ environment, decision: d, refusal }) => (
        <li key={environment}>
          {refusal ? (
            <Paper
              variant="outlined"
              className={`${classes.paper} ${classes.refused}`}
            >
              <div className={classes.header}>
                <Typography variant="subtitle2" component="h4">
                  {ENVIRONMENT_NAMES[environment]}: refused
                </Typography>
                <Chip
                  size="small"
                  label="Refused"
                  color="secondary"
                  variant="outlined"
                />
              </div>
              <DetailList
                items={[
                  ['Why', refusal.reason],
                  ['What to do', refusal.hint],
                ]}
              />
            </Paper>
          ) : (
            d && (
              <Paper variant="outlined" className={classes.paper}>
                <div className={classes.header}>
                  {/* The heading's name stays "Production: Managed on AWS RDS"; the chip is beside it. */}
                  <Typography variant="subtitle2" component="h4">
                    {ENVIRONMENT_NAMES[d.environment]}:{' '}
                    {STRATEGY_NAMES[d.strategy]} on {providerName(d)}
                  </Typography>
                  <Chip
                    size="small"
                    label={STRATEGY_NAMES[d.strategy]}
                    color={d.strategy === 'managed' ? 'primary' : 'default'}
                    variant="outlined"
                  />
                </div>
                <DetailList
                  items={[
                    ['Strategy', STRATEGY_NAMES[d.strategy]],
                    ['Provider', providerName(d)],
                    ['Delivered by', TARGET_NAMES[d.target]],
                    [
                      'Why',
                      <>
                        {decisionReason(d)}
                        {d.rule && (
                          <Typography
                            variant="caption"
                            className={classes.rule}
                          >
                            {decisionRule(d)}
                          </Typography>
                        )}
                      </>,
                    ],
                    ['Backups', d.backup.summary],
                    ['Cost', environmentCostText(props.cost, d.environment)],
                  ]}
                />
              </Paper>
            )
          )}
        </li>
      ))}
    </ul>
  );
}
