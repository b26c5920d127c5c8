import { ReactElement } from 'react';
import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DatastorePullRequest } from '@datastores/plugin-datastores-common';
import { StatusLabel, StatusTone } from '../StatusLabel';

const STATES: Record<
  DatastorePullRequest['state'],
  { tone: StatusTone; text: string }
> = {
  open: { tone: 'open', text: 'Open' },
  merged: { tone: 'ok', text: 'Merged' },
  closed: { tone: 'neutral', text: 'Closed' },
};

const CHECKS: Record<
  DatastorePullRequest['checks'],
  { tone: StatusTone; text: string }
> = {
  success: { tone: 'ok', text: 'Checks passed' },
  failure: { tone: 'error', text: 'Checks failed' },
  pending: { tone: 'pending', text: 'Checks running' },
  none: { tone: 'neutral', text: 'No checks' },
};

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** The pull request's title for people and screen readers, e.g. `acme/gitops#12`. */
export function pullRequestName(pr: DatastorePullRequest): string {
  return `${pr.repo}#${pr.number}`;
}

/**
 * The pull request's name and what it does to the datastore, when known:
 * `acme/terraform#14 (removal)`. Older records say nothing: those are provisions.
 */
export function pullRequestTitle(pr: DatastorePullRequest): string {
  return pr.operation
    ? `${pullRequestName(pr)} (${pr.operation})`
    : pullRequestName(pr);
}

/**
 * Links to a datastore's pull requests with their state; `detailed` adds their checks (which
 * are always in the link's accessible name).
 */
export function PullRequestLinks(props: {
  pullRequests: DatastorePullRequest[];
  detailed?: boolean;
}): ReactElement {
  const { pullRequests, detailed } = props;
  const classes = useStyles();
  if (pullRequests.length === 0) {
    return <span>None</span>;
  }
  return (
    <ul className={classes.list}>
      {pullRequests.map(pr => {
        const state = STATES[pr.state];
        const checks = CHECKS[pr.checks];
        return (
          <li key={pr.url} className={classes.item}>
            <Link
              to={pr.url}
              aria-label={`Pull request ${pullRequestTitle(pr)}: ${
                state.text
              }, ${checks.text.toLocaleLowerCase('en-US')}`}
            >
              {pullRequestName(pr)}
            </Link>
            {pr.operation && (
              <Typography
                variant="caption"
                color="textSecondary"
                component="span"
              >
                {pr.operation}
              </Typography>
            )}
            <StatusLabel tone={state.tone} text={state.text} />
            {detailed && <StatusLabel tone={checks.tone} text={checks.text} />}
          </li>
        );
      })}
    </ul>
  );
}
