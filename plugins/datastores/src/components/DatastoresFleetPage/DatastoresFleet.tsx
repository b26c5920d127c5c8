import { ReactElement } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  FleetFilter,
  FleetFilterField,
  toggleFleetFilter,
} from '@datastores/plugin-datastores-common';
import { NoDatastores } from '../NoDatastores';
import { FleetFilters } from './FleetFilters';
import { FleetSummary } from './FleetSummary';
import { FleetTable } from './FleetTable';
import { useFleet } from './useFleet';
import { useFleetQuery } from './useFleetQuery';

const useStyles = makeStyles(theme => ({
  clear: { marginTop: theme.spacing(2) },
}));

/**
 * The fleet, under whatever header the app gives the page: the counts, the filters and a page
 * of the table, all from the page URL's query, and each state of the load in words.
 */
export function DatastoresFleet(): ReactElement {
  const classes = useStyles();
  const { asked, limit, setQuery } = useFleetQuery();
  const { value, error, loading } = useFleet(asked);
  const filtered = Object.values(asked.filter).some(values => values?.length);
  // Another filter shows its first page; the page size stays.
  const setFilter = (filter: FleetFilter) => setQuery({ filter, limit });
  const clear = () => setFilter({});

  if (error) {
    return (
      <>
        <ResponseErrorPanel
          title="Could not load the datastores"
          error={error}
          defaultExpanded
        />
        {filtered && (
          <Button variant="outlined" onClick={clear} className={classes.clear}>
            Clear filters
          </Button>
        )}
      </>
    );
  }
  if (!value) return <Progress aria-label="Loading datastores" />;
  if (value.counts.total === 0) return <NoDatastores />;
  return (
    <>
      <FleetSummary counts={value.counts} computedAt={value.computedAt} />
      <Grid container spacing={3}>
        <Grid item xs={12} md={3} lg={2}>
          <FleetFilters
            filter={asked.filter}
            counts={value.counts}
            onToggle={(field: FleetFilterField, v: string) =>
              setFilter(toggleFleetFilter(asked.filter, field, v))
            }
            onClear={clear}
          />
        </Grid>
        <Grid item xs={12} md={9} lg={10}>
          {value.totalItems === 0 ? (
            <div role="status">
              <Typography variant="body1" gutterBottom>
                No datastore matches these filters.
              </Typography>
              <Button variant="outlined" onClick={clear}>
                Clear filters
              </Button>
            </div>
          ) : (
            <FleetTable
              page={value}
              loading={loading}
              onPage={(offset, size) =>
                setQuery({ filter: asked.filter, offset, limit: size })
              }
            />
          )}
        </Grid>
      </Grid>
    </>
  );
}
