import { ReactElement, useState } from 'react';
import { DatastorePullRequest } from '@datastores/plugin-datastores-common';
import Button from '@material-ui/core/Button';
import Popover from '@material-ui/core/Popover';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import { PullRequestLinks, pullRequestName } from './PullRequestLinks';

const useStyles = makeStyles(theme => ({
  button: {
    minWidth: 0,
    textTransform: 'none',
    padding: theme.spacing(0, 0.5),
  },
  popover: { padding: theme.spacing(1.5, 2), maxWidth: 420 },
}));

/**
 * A datastore's pull requests where room is short: an icon with their count, the list on
 * hover, and on click or Enter a popover with the links and their states (so a keyboard user
 * reaches them too).
 */
export function PullRequestsButton(props: {
  pullRequests: DatastorePullRequest[];
}): ReactElement {
  const { pullRequests } = props;
  const classes = useStyles();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (pullRequests.length === 0) return <span>None</span>;
  const names = pullRequests
    .map(
      pr =>
        `${pullRequestName(pr)} (${pr.operation ? `${pr.operation}, ` : ''}${
          pr.state
        })`,
    )
    .join(', ');
  const label = `${pullRequests.length} pull request${
    pullRequests.length === 1 ? '' : 's'
  }: ${names}`;
  return (
    <>
      <Tooltip title={names}>
        <Button
          className={classes.button}
          size="small"
          aria-label={label}
          aria-haspopup="dialog"
          aria-expanded={Boolean(anchor)}
          startIcon={<CallSplitIcon fontSize="small" />}
          onClick={e => setAnchor(e.currentTarget)}
        >
          {pullRequests.length}
        </Button>
      </Tooltip>
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        PaperProps={{
          className: classes.popover,
          role: 'dialog',
          'aria-label': 'Pull requests',
        }}
      >
        <PullRequestLinks pullRequests={pullRequests} detailed />
      </Popover>
    </>
  );
}
