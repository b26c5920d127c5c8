import { ReactElement } from 'react';
import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import {
  EntityDatastoresState,
  useEntityDatastores,
} from '../../hooks/useEntityDatastores';
import { RefreshNowButton } from '../RefreshNowButton';
import { NoDatastores } from '../NoDatastores';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    justifyContent: 'flex-end',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
  note: { color: theme.palette.text.secondary },
}));

/**
 * Loads an entity's datastores and renders them (see {@link EntityDatastoresView}), with a
 * "Refresh now" button in its toolbar (the tab; the card has it in its header).
 */
export function EntityDatastoresLoader(props: {
  entityRef: string;
  children: (datastores: DatastoreStatus[]) => ReactElement;
}): ReactElement {
  const state = useEntityDatastores(props.entityRef);
  return (
    <EntityDatastoresView
      {...props}
      state={state}
      actions={
        <RefreshNowButton
          entityRef={props.entityRef}
          onRefreshed={state.replace}
        />
      }
    />
  );
}

/**
 * Renders the states the card and the tab share: loading, failed, partly failed (the `errors`
 * the backend reports beside the datastores) and empty. A source that timed out, or a failed
 * load, is retried on its own ("Retrying…"); the "Refresh" button loads them again now.
 */
export function EntityDatastoresView(props: {
  entityRef: string;
  state: EntityDatastoresState;
  children: (datastores: DatastoreStatus[]) => ReactElement;
  /** More buttons for the toolbar. */
  actions?: ReactElement;
}): ReactElement {
  const { entityRef, children, actions } = props;
  const classes = useStyles();
  const { value, loading, error, retrying, refresh } = props.state;
  if (!value && !error) {
    return <Progress aria-label="Loading datastores" />;
  }
  const toolbar = (
    <div className={classes.toolbar}>
      <Typography
        variant="caption"
        role="status"
        aria-live="polite"
        className={classes.note}
      >
        {retrying ? 'Retrying…' : ''}
      </Typography>
      <Button
        size="small"
        variant="text"
        startIcon={<RefreshIcon />}
        onClick={refresh}
        disabled={loading}
      >
        Refresh
      </Button>
      {actions}
    </div>
  );
  if (!value) {
    return (
      <>
        {toolbar}
        <ResponseErrorPanel
          title="Could not load the datastores"
          error={error ?? new Error('The datastores backend sent no answer.')}
        />
      </>
    );
  }
  return (
    <>
      {toolbar}
      {error && (
        <WarningPanel
          title="Could not refresh the datastores"
          message={`Showing the last answer. ${error.message}`}
        />
      )}
      {value.errors.length > 0 && (
        <WarningPanel
          title="Some status could not be read"
          message={
            <ul>
              {value.errors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          }
          defaultExpanded
        />
      )}
      {value.datastores.length === 0 ? (
        <NoDatastores entityRef={entityRef} />
      ) : (
        children(value.datastores)
      )}
    </>
  );
}
