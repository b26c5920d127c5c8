import { ReactElement, ReactNode } from 'react';
import { WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  costSourceLine,
  formatMonthlyCost,
} from '@datastores/plugin-datastores-common';
import { DecideResult } from '../../api';
import { DecisionList } from './DecisionList';

const sentenceCase = (text: string) =>
  text.charAt(0).toLocaleUpperCase() + text.slice(1);

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(1, 0, 2) },
  refusal: { marginBottom: theme.spacing(1) },
  total: { marginTop: theme.spacing(1) },
}));

/** The field's title and description, and its live region (announced as it changes). */
export function PreviewFrame(props: {
  title?: string;
  description?: string;
  busy: boolean;
  children: ReactNode;
}): ReactElement {
  const classes = useStyles();
  return (
    <div className={classes.root}>
      {props.title && (
        <Typography variant="subtitle1" component="h3">
          {props.title}
        </Typography>
      )}
      {props.description && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {props.description}
        </Typography>
      )}
      <div aria-live="polite" aria-busy={props.busy}>
        {props.children}
      </div>
    </div>
  );
}

/**
 * The backend's decision: a warning when the user may not create what it decided
 * (`notAllowed`), the policy's refusals, each environment's decision and the estimated cost.
 */
export function DecisionResultView(props: {
  value?: DecideResult;
  /** The user may not create the managed production datastore decided. */
  notAllowed: boolean;
  /** What a refusal refuses: "provisioned" or "changed". */
  verb?: string;
}): ReactElement {
  const { value, notAllowed, verb = 'provisioned' } = props;
  const classes = useStyles();
  return (
    <>
      {notAllowed && (
        <div className={classes.refusal}>
          <WarningPanel
            title="You may not provision a managed production datastore"
            message="Ask the platform team to provision it, or to grant you the datastores.provision.production permission. Untick production to provision the rest; the form will not go on with it."
            defaultExpanded
          />
        </div>
      )}
      {value?.refusals?.length ? (
        <div className={classes.refusal}>
          <WarningPanel
            severity="error"
            title={`This datastore cannot be ${verb} as asked`}
            message={`The policy refuses ${value.refusals
              .map(r => r.environment)
              .join(
                ' and ',
              )}; every environment is shown below, with what to do.`}
            defaultExpanded
          />
        </div>
      ) : null}
      <DecisionList
        decisions={value?.decisions ?? []}
        refusals={value?.refusals}
        cost={value?.cost}
      />
      {value?.cost && value.decisions.length > 0 && (
        <div className={classes.total}>
          <Typography variant="body2">
            Estimated cost:{' '}
            {formatMonthlyCost(value.cost.totalMonthly, value.cost.currency)} in
            total
            {value.refusals?.length ? ' for the environments decided' : ''}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {sentenceCase(costSourceLine(value.cost))}. What you pay depends on
            usage, discounts and what the estimate leaves out.
          </Typography>
        </div>
      )}
    </>
  );
}
