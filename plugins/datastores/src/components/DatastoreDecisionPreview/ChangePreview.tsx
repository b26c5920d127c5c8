import { ReactElement, useEffect } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  changeOutcome,
  createsManagedProduction,
  readChangeInput,
} from './changeOutcome';
import { changeSummary, currentSummary, outcomeLines } from './changeWords';
import { DecisionResultView, PreviewFrame } from './DecisionResultView';
import { DatastoreDecisionPreviewProps } from './previewOptions';
import { useCurrentDatastore } from './useCurrentDatastore';
import { useDecision } from './useDecision';
import { reasonOf } from './validateDecision';

const useStyles = makeStyles(theme => ({
  block: { marginBottom: theme.spacing(1.5) },
  lines: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(3) },
}));

/**
 * The preview of "Change datastore": the datastore as it is (read from the backend by the
 * answers `service` and `name`), what the change does (in place, or a new datastore next to
 * it when the strategy changes), and each environment's decision after it.
 */
export function ChangePreview(
  props: DatastoreDecisionPreviewProps,
): ReactElement {
  const { schema, uiSchema, formContext, onChange, formData } = props;
  const classes = useStyles();
  const answers = (formContext?.formData ?? {}) as Record<string, unknown>;
  const current = useCurrentDatastore(answers.service, answers.name);
  const read = current.value
    ? readChangeInput(answers, current.value)
    : undefined;
  const decision = useDecision(
    read?.input,
    uiSchema?.['ui:options']?.debounceMs ?? 400,
  );
  const newName =
    typeof answers.newName === 'string' ? answers.newName : undefined;
  const outcome =
    current.value && read?.input && decision.value
      ? changeOutcome(
          current.value,
          read.input,
          decision.value.decisions,
          newName,
        )
      : undefined;

  // What Review shows: how it changes and the decision, or why there is none.
  const summary = (() => {
    if (!read?.input || decision.loading) return undefined;
    if (decision.error) return `Refused: ${reasonOf(decision.error)}`;
    return outcome && decision.value
      ? changeSummary(outcome, decision.value)
      : undefined;
  })();
  useEffect(() => {
    if (summary !== undefined && summary !== formData) onChange(summary);
  }, [summary, formData, onChange]);

  let body: ReactElement;
  if (current.loading) {
    body = <Progress aria-label="Reading the datastore" />;
  } else if (current.error) {
    body = (
      <WarningPanel
        severity="error"
        title="Could not read the datastore"
        message={reasonOf(current.error)}
        defaultExpanded
      />
    );
  } else if (current.value === undefined) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Choose the service and the datastore to see what changes.
      </Typography>
    );
  } else if (current.value === null) {
    body = (
      <WarningPanel
        severity="error"
        title="No such datastore"
        message={`${String(answers.service)} has no datastore named ${String(
          answers.name,
        )}: check the name on the service's Datastores card.`}
        defaultExpanded
      />
    );
  } else {
    const now = (
      <Typography variant="body2" className={classes.block}>
        Now: {currentSummary(current.value)}
      </Typography>
    );
    let change: ReactElement;
    if (read?.missing) {
      change = (
        <Typography variant="body2" color="textSecondary">
          Choose {read.missing.join(', ')} to see how it will be run.
        </Typography>
      );
    } else if (decision.loading) {
      change = <Progress aria-label="Deciding" />;
    } else if (decision.error) {
      change = (
        <WarningPanel
          severity="error"
          title="This datastore cannot be changed as asked"
          message={reasonOf(decision.error)}
          defaultExpanded
        />
      );
    } else {
      change = (
        <>
          {outcome && (
            <div className={classes.block} aria-label="What changes">
              <Typography variant="subtitle2" component="h4">
                {
                  {
                    nothing: 'Nothing changes',
                    'in-place': 'Changed in place',
                    replace: 'A new datastore replaces it',
                  }[outcome.mode]
                }
              </Typography>
              <ul className={classes.lines}>
                {outcomeLines(outcome, current.value).map(line => (
                  <li key={line}>
                    <Typography variant="body2">{line}</Typography>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <DecisionResultView
            value={decision.value}
            verb="changed"
            notAllowed={Boolean(
              decision.value &&
                !decision.value.allowed &&
                outcome &&
                createsManagedProduction(outcome, decision.value.decisions),
            )}
          />
        </>
      );
    }
    body = (
      <>
        {now}
        {change}
      </>
    );
  }
  return (
    <PreviewFrame
      title={schema.title}
      description={schema.description}
      busy={current.loading || decision.loading}
    >
      {body}
    </PreviewFrame>
  );
}
