import { ReactElement, useEffect } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  costSourceLine,
  formatMonthlyCost,
} from '@datastores/plugin-datastores-common';
import { DecisionList } from './DecisionList';
import { readDecideInput } from './readDecideInput';
import { useDecision } from './useDecision';
import { decisionSummary, reasonOf } from './validateDecision';

/** Options of the field, under `ui:options`. */
export interface DatastoreDecisionPreviewOptions {
  /** How long the answers must be still before the backend is asked; 400 ms by default. */
  debounceMs?: number;
}

const sentenceCase = (text: string) =>
  text.charAt(0).toLocaleUpperCase() + text.slice(1);

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(1, 0, 2) },
  refusal: { marginBottom: theme.spacing(1) },
  total: { marginTop: theme.spacing(1) },
}));

/**
 * A scaffolder field that shows, while the form is filled in, how each environment's datastore
 * will be run and why: it reads the sibling answers (kind, engine, environments, criticality)
 * and asks the datastores backend. Its value is a one-line summary for the Review step (the
 * action ignores it); its validation (`validateDecision`) blocks the step on a refusal.
 * @public
 */
export function DatastoreDecisionPreview(
  props: FieldExtensionComponentProps<unknown, DatastoreDecisionPreviewOptions>,
): ReactElement {
  const { schema, uiSchema, formContext, onChange, formData } = props;
  const classes = useStyles();
  const read = readDecideInput(formContext?.formData);
  const { value, loading, error } = useDecision(
    read.input,
    uiSchema?.['ui:options']?.debounceMs ?? 400,
  );

  // What Review shows: the decision, or why there is none.
  const summary = (() => {
    if (read.missing || loading) return undefined;
    if (error) return `Refused: ${reasonOf(error)}`;
    return value ? decisionSummary(value) : undefined;
  })();
  useEffect(() => {
    if (summary !== undefined && summary !== formData) onChange(summary);
  }, [summary, formData, onChange]);

  let body: ReactElement;
  if (read.missing) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Choose {read.missing.join(', ')} to see how it will be run.
      </Typography>
    );
  } else if (loading) {
    body = <Progress aria-label="Deciding" />;
  } else if (error) {
    body = (
      <WarningPanel
        severity="error"
        title="This datastore cannot be provisioned as asked"
        message={reasonOf(error)}
        defaultExpanded
      />
    );
  } else {
    body = (
      <>
        {value && !value.allowed && (
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
              title="This datastore cannot be provisioned as asked"
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
              {formatMonthlyCost(value.cost.totalMonthly, value.cost.currency)}{' '}
              in total
              {value.refusals?.length ? ' for the environments decided' : ''}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {sentenceCase(costSourceLine(value.cost))}. What you pay depends
              on usage, discounts and what the estimate leaves out.
            </Typography>
          </div>
        )}
      </>
    );
  }

  return (
    <div className={classes.root}>
      {schema.title && (
        <Typography variant="subtitle1" component="h3">
          {schema.title}
        </Typography>
      )}
      {schema.description && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          {schema.description}
        </Typography>
      )}
      <div aria-live="polite" aria-busy={loading}>
        {body}
      </div>
    </div>
  );
}
