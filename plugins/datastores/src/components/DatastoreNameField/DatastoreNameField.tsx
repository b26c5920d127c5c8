import { ReactElement } from 'react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { derivedNames, nameProblems } from './derivedNames';

const useStyles = makeStyles(theme => ({
  root: { margin: theme.spacing(1, 0, 2) },
  names: { listStyle: 'none', margin: theme.spacing(1, 0, 0), padding: 0 },
  name: { fontFamily: 'monospace' },
  tooLong: { color: theme.palette.error.main },
}));

/**
 * The datastore name, with the names it leads to shown live (`orders-sessions-production`)
 * against the limit of every target its kind ends up in, so a name too long for them is
 * caught on this step, in words.
 * @public
 */
export function DatastoreNameField(
  props: FieldExtensionComponentProps<string>,
): ReactElement {
  const { schema, formData, onChange, required, rawErrors, formContext } =
    props;
  const classes = useStyles();
  const value = formData ?? '';
  const { names, limitWhy } = derivedNames(value, formContext?.formData);
  const errors = rawErrors ?? [];
  return (
    <div className={classes.root}>
      <TextField
        id={props.idSchema?.$id ?? 'datastore-name'}
        label={schema.title ?? 'Datastore name'}
        required={required}
        value={value}
        onChange={e => onChange(e.target.value || undefined)}
        error={errors.length > 0}
        helperText={schema.description}
        fullWidth
        inputProps={{ spellCheck: false, autoCapitalize: 'off' }}
      />
      {names.length > 0 && (
        <>
          <Typography variant="caption" color="textSecondary" component="p">
            The names it leads to (at most {names[0].limit} characters:{' '}
            {limitWhy}):
          </Typography>
          <ul className={classes.names} aria-label="Derived names">
            {names.map(n => (
              <li key={n.environment}>
                <Typography
                  variant="body2"
                  className={n.fits ? undefined : classes.tooLong}
                >
                  <span className={classes.name}>{n.name}</span> ({n.length}
                  {n.fits ? '' : `, ${n.length - n.limit} too many`})
                </Typography>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Blocks the step while the name, or a name derived from it, is not valid. */
export const validateDatastoreName: CustomFieldValidator<string> = (
  value,
  validation,
  context,
) => {
  for (const problem of nameProblems(value, context.formData)) {
    validation.addError(problem);
  }
};
