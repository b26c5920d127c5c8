import { ReactElement } from 'react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { confirmationProblem } from './confirmationProblem';

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(1, 0, 2) },
  name: { fontFamily: 'monospace', fontWeight: 600 },
}));

/**
 * A destructive step's confirmation: the datastore's name, typed again. The step does not go on
 * until it matches the form's `name` (the field extension's validation checks it).
 * @public
 */
export function DatastoreNameConfirmation(
  props: FieldExtensionComponentProps<string>,
): ReactElement {
  const { schema, formData, onChange, required, rawErrors, formContext } =
    props;
  const classes = useStyles();
  const name = formContext?.formData?.name;
  const errors = rawErrors ?? [];
  return (
    <div className={classes.root}>
      {typeof name === 'string' && name !== '' && (
        <Typography variant="body2" gutterBottom>
          Type <span className={classes.name}>{name}</span> to confirm.
        </Typography>
      )}
      <TextField
        id={props.idSchema?.$id ?? 'confirm-name'}
        label={schema.title ?? 'Datastore name, to confirm'}
        required={required}
        value={formData ?? ''}
        onChange={e => onChange(e.target.value || undefined)}
        error={errors.length > 0}
        helperText={schema.description}
        fullWidth
        autoComplete="off"
        inputProps={{ spellCheck: false, autoCapitalize: 'off' }}
      />
    </div>
  );
}

/** Blocks the step until the typed name is the datastore's. */
export const validateNameConfirmation: CustomFieldValidator<string> = (
  value,
  validation,
  context,
) => {
  const problem = confirmationProblem(value, context.formData);
  if (problem) validation.addError(problem);
};
