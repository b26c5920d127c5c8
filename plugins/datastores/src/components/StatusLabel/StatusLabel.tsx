import { ReactElement } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import AssignmentOutlinedIcon from '@material-ui/icons/AssignmentOutlined';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import DeleteOutlineIcon from '@material-ui/icons/DeleteOutline';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import SendIcon from '@material-ui/icons/Send';
import WarningIcon from '@material-ui/icons/Warning';

/**
 * How good a status is; each tone has its own icon and words, so colour is never the only cue.
 * The three in-progress states share a colour but not an icon: `requested` (a request sent, its
 * pull request not merged), `pending` (waiting on something else: a secret sync, running checks)
 * and `open` (a pull request in review). `decommissioning` (its data being protected, then its
 * files removed) is never green: the warning colour, with an icon of its own.
 */
export type StatusTone =
  | 'ok'
  | 'warning'
  | 'error'
  | 'requested'
  | 'pending'
  | 'open'
  | 'decommissioning'
  | 'declared'
  | 'neutral'
  | 'unknown';

const TONES: Record<
  StatusTone,
  { label: string; Icon: typeof CheckCircleIcon }
> = {
  ok: { label: 'OK', Icon: CheckCircleIcon },
  warning: { label: 'Warning', Icon: WarningIcon },
  error: { label: 'Error', Icon: ErrorIcon },
  requested: { label: 'Requested', Icon: SendIcon },
  pending: { label: 'Pending', Icon: HourglassEmptyIcon },
  open: { label: 'Pull request open', Icon: CallSplitIcon },
  decommissioning: { label: 'Decommissioning', Icon: DeleteOutlineIcon },
  declared: { label: 'Declared, not observed', Icon: AssignmentOutlinedIcon },
  neutral: { label: 'Not applicable', Icon: RemoveCircleOutlineIcon },
  unknown: { label: 'Status unknown', Icon: HelpIcon },
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  explained: {
    // A button only to be reachable by keyboard; it looks like the text it explains.
    font: 'inherit',
    color: 'inherit',
    background: 'none',
    border: 'none',
    padding: 0,
    cursor: 'help',
    borderBottom: `1px dotted ${theme.palette.text.secondary}`,
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  // Its words may wrap (a long label in a narrow column); the icon stays beside the first line.
  wrap: { whiteSpace: 'normal', alignItems: 'flex-start', textAlign: 'left' },
  icon: { fontSize: '1.1em', flexShrink: 0 },
  small: { fontSize: theme.typography.caption.fontSize },
  ok: { color: theme.palette.success.main },
  warning: { color: theme.palette.warning.main },
  error: { color: theme.palette.error.main },
  requested: { color: theme.palette.info.main },
  pending: { color: theme.palette.info.main },
  open: { color: theme.palette.info.main },
  decommissioning: { color: theme.palette.warning.main },
  declared: { color: theme.palette.info.dark },
  neutral: { color: theme.palette.text.secondary },
  // Unknown is not neutral: its own colour, so a glance tells "we don't know" from "nothing to do".
  unknown: { color: theme.palette.secondary.main },
}));

/** Props of {@link StatusLabel}. */
export interface StatusLabelProps {
  tone: StatusTone;
  text: string;
  /** Why the status is what it is; shown on hover and on keyboard focus. */
  explanation?: string;
  /** In the caption's size, where room is short (a table cell under a name). */
  small?: boolean;
  /** Lets its words wrap, where a column is narrow (the fleet's). */
  wrap?: boolean;
}

/**
 * A status as an icon (named for screen readers) and words. With an explanation, the label is a
 * button, so keyboard users reach it, and its tooltip opens on hover and on focus.
 */
export function StatusLabel(props: StatusLabelProps): ReactElement {
  const { tone, text, explanation, small, wrap } = props;
  const classes = useStyles();
  const { label, Icon } = TONES[tone];
  const root = [classes.root, small && classes.small, wrap && classes.wrap]
    .filter(Boolean)
    .join(' ');
  const content = (
    <>
      <Icon
        className={`${classes.icon} ${classes[tone]}`}
        role="img"
        aria-label={label}
        aria-hidden={false}
        data-testid={`status-icon-${tone}`}
      />
      <span>{text}</span>
    </>
  );
  if (!explanation) {
    return <span className={root}>{content}</span>;
  }
  return (
    <Tooltip title={explanation} arrow>
      <button type="button" className={`${root} ${classes.explained}`}>
        {content}
      </button>
    </Tooltip>
  );
}
