import { ReactElement, ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  list: {
    ...theme.typography.body2,
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
  },
  term: { color: theme.palette.text.secondary, fontWeight: 500 },
  value: { margin: 0, overflowWrap: 'anywhere' },
}));

/** Terms and their values, as a description list; entries without a value are left out. */
export function DetailList(props: {
  items: [term: string, value: ReactNode | undefined][];
}): ReactElement {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {props.items
        .filter(([, value]) => value !== undefined && value !== null)
        .map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={classes.term}>{term}</dt>
            <dd className={classes.value}>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
