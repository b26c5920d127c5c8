import { ReactElement, useEffect } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { ChangePreview } from './ChangePreview';
import { DecisionResultView, PreviewFrame } from './DecisionResultView';
import { DatastoreDecisionPreviewProps } from './previewOptions';
import { readDecideInput } from './readDecideInput';
import { useDecision } from './useDecision';
import { decisionSummary, reasonOf } from './validateDecision';

export type {
  DatastoreDecisionPreviewOptions,
  DatastoreDecisionPreviewProps,
} from './previewOptions';

/** The preview of a new datastore: its answers are the whole request. */
function ProvisionPreview(props: DatastoreDecisionPreviewProps): ReactElement {
  const { schema, uiSchema, formContext, onChange, formData } = props;
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
      <DecisionResultView
        value={value}
        notAllowed={Boolean(value && !value.allowed)}
      />
    );
  }
  return (
    <PreviewFrame
      title={schema.title}
      description={schema.description}
      busy={loading}
    >
      {body}
    </PreviewFrame>
  );
}

/**
 * A scaffolder field that shows, while the form is filled in, how each environment's datastore
 * will be run and why: it reads the sibling answers (kind, engine, environments, criticality)
 * and asks the datastores backend. Its value is a one-line summary for the Review step (the
 * action ignores it); its validation (`validateDecision`) blocks the step on a refusal. With
 * `ui:options.change`, it previews a change of an existing datastore instead.
 * @public
 */
export function DatastoreDecisionPreview(
  props: DatastoreDecisionPreviewProps,
): ReactElement {
  return props.uiSchema?.['ui:options']?.change ? (
    <ChangePreview {...props} />
  ) : (
    <ProvisionPreview {...props} />
  );
}
