import { ReactElement, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import CircularProgress from '@material-ui/core/CircularProgress';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import SyncIcon from '@material-ui/icons/Sync';
import { EntityDatastores } from '@datastores/plugin-datastores-common';
import { datastoresApiRef } from '../../api';
import { refreshDoneMessage, refreshFailureMessage } from './refreshMessage';

const useStyles = makeStyles(theme => ({
  root: { display: 'inline-flex', alignItems: 'center', gap: theme.spacing(1) },
  note: { color: theme.palette.text.secondary },
}));

/**
 * "Refresh now": asks the backend to re-read the entity's service in the clusters at once,
 * rather than wait for the collector's next cycle, and hands the refreshed answer on. Says
 * when it was refused (too soon, not allowed) in the backend's terms.
 */
export function RefreshNowButton(props: {
  entityRef: string;
  onRefreshed: (answer: EntityDatastores) => void;
}): ReactElement {
  const { entityRef, onRefreshed } = props;
  const api = useApi(datastoresApiRef);
  const classes = useStyles();
  const [running, setRunning] = useState(false);
  const [note, setNote] = useState<{ text: string; failed: boolean }>();

  const refreshNow = async () => {
    setRunning(true);
    setNote(undefined);
    try {
      const answer = await api.refresh(entityRef);
      onRefreshed(answer);
      setNote({ text: refreshDoneMessage(answer), failed: false });
    } catch (error) {
      setNote({ text: refreshFailureMessage(error as Error), failed: true });
    } finally {
      setRunning(false);
    }
  };

  return (
    <span className={classes.root}>
      {note && (
        <Typography
          variant="caption"
          role={note.failed ? 'alert' : 'status'}
          className={classes.note}
        >
          {note.text}
        </Typography>
      )}
      <Tooltip title="Refresh now: re-read this service in the clusters instead of waiting for the next collection">
        {/* A disabled button fires no events: the span keeps the tooltip working. */}
        <span>
          <IconButton
            aria-label="Refresh now"
            aria-busy={running}
            size="small"
            disabled={running}
            onClick={refreshNow}
          >
            {running ? (
              <CircularProgress size={20} aria-label="Refreshing" />
            ) : (
              <SyncIcon />
            )}
          </IconButton>
        </span>
      </Tooltip>
    </span>
  );
}
