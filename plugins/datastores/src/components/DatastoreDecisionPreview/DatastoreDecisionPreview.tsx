import { ReactElement } from 'react';
import { Progress, WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DecisionList } from './DecisionList';
import { readDecideInput } from './readDecideInput';
import { useDecision } from './useDecision';

/** Options of the field, under `ui:options`. */
export interface DatastoreDecisionPreviewOptions {
  /** How long the answers must be still before the backend is asked; 400 ms by default. */
  debounceMs?: number;
}

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(1, 0, 2) },
  refusal: { marginBottom: theme.spacing(1) },
}));

/** The reason the backend gave, rather than the HTTP status line. */
function reasonOf(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}

/**
 * A scaffolder field that shows, while the form is filled in, how each environment's datastore
 * will be run and why: it reads the sibling answers (kind, engine, environments, criticality)
 * and asks the datastores backend. It stores nothing in its own value.
 * @public
 */
export function DatastoreDecisionPreview(
  props: FieldExtensionComponentProps<unknown, DatastoreDecisionPreviewOptions>,
): ReactElement {
  const { schema, uiSchema, formContext } = props;
  const classes = useStyles();
  const read = readDecideInput(formContext?.formData);
  const { value, loading, error } = useDecision(
    read.input,
    uiSchema?.['ui:options']?.debounceMs ?? 400,
  );

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
              message="Ask the platform team to provision it, or to grant you the datastores.provision.production permission. Everything else in this request is yours to provision."
              defaultExpanded
            />
          </div>
        )}
        <DecisionList decisions={value?.decisions ?? []} />
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
