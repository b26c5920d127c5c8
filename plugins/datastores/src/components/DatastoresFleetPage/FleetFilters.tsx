import { ReactElement } from 'react';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  FLEET_FILTERS,
  FleetCounts,
  FleetFilter,
  FleetFilterField,
} from '@datastores/plugin-datastores-common';
import { FLEET_FIELD_NAMES, fleetValueName } from './fleetWords';

const useStyles = makeStyles(theme => ({
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    marginBottom: theme.spacing(1),
  },
  group: {
    border: 'none',
    margin: theme.spacing(0, 0, 2),
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  legend: {
    padding: 0,
    marginBottom: theme.spacing(0.5),
    ...theme.typography.subtitle2,
  },
}));

/** A field's values: every allowed one (the owners the counts know), then any other asked. */
function valuesOf(
  field: FleetFilterField,
  counts: FleetCounts,
  selected: string[],
): string[] {
  const known =
    field === 'owner' || field === 'provider'
      ? Object.keys(counts.by[field] ?? {})
          // A service without an owner counts under "": nothing to filter by.
          .filter(Boolean)
          .sort()
      : [...FLEET_FILTERS[field]];
  return [...known, ...selected.filter(v => !known.includes(v))];
}

/**
 * The filters: per field, a chip per value with how many datastores have it (over all of
 * them); pressing chips selects values (several in a field: any of them; several fields: all).
 */
export function FleetFilters(props: {
  filter: FleetFilter;
  counts: FleetCounts;
  onToggle: (field: FleetFilterField, value: string) => void;
  onClear: () => void;
}): ReactElement {
  const { filter, counts, onToggle, onClear } = props;
  const classes = useStyles();
  const any = Object.values(filter).some(values => values?.length);
  return (
    <section aria-label="Filters">
      <div className={classes.header}>
        <Typography variant="h6" component="h2">
          Filters
        </Typography>
        {any && (
          <Button size="small" onClick={onClear}>
            Clear filters
          </Button>
        )}
      </div>
      {(Object.keys(FLEET_FIELD_NAMES) as FleetFilterField[]).map(field => {
        const selected = filter[field] ?? [];
        const values = valuesOf(field, counts, selected);
        if (!values.length) return null;
        return (
          <fieldset key={field} className={classes.group}>
            <legend className={classes.legend}>
              {FLEET_FIELD_NAMES[field]}
            </legend>
            {values.map(value => {
              const pressed = selected.includes(value);
              const count = counts.by[field]?.[value] ?? 0;
              return (
                <Chip
                  key={value}
                  size="small"
                  clickable
                  color={pressed ? 'primary' : 'default'}
                  variant={pressed ? 'default' : 'outlined'}
                  label={`${fleetValueName(
                    field,
                    value,
                    counts.providerTitles,
                  )} (${count})`}
                  aria-pressed={pressed}
                  onClick={() => onToggle(field, value)}
                />
              );
            })}
          </fieldset>
        );
      })}
    </section>
  );
}
