import { ReactElement } from 'react';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { Theme, makeStyles } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import HourglassEmptyIcon from '@material-ui/icons/HourglassEmpty';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import {
  DatastoreLifecycle,
  LifecycleStepState,
} from '@datastores/plugin-datastores-common';
import { When } from '../When';
import {
  STEP_NAMES,
  STEP_STATUS_NAMES,
  lifecycleSummary,
  stepSentence,
} from './lifecycleWords';

type StepStatus = LifecycleStepState['status'];

/** Each status its own icon, so colour is never the only cue. */
const ICONS: Record<StepStatus, typeof CheckCircleIcon> = {
  done: CheckCircleIcon,
  current: HourglassEmptyIcon,
  pending: RadioButtonUncheckedIcon,
  failed: ErrorIcon,
  unknown: HelpIcon,
};

const useStyles = makeStyles(theme => ({
  stepper: { padding: theme.spacing(1, 0), background: 'transparent' },
  done: { color: theme.palette.success.main },
  current: { color: theme.palette.info.main },
  // Behind an earlier step: greyed, it is not awaited yet.
  pending: { color: theme.palette.text.disabled },
  failed: { color: theme.palette.error.main },
  // Unknown is not neutral and not pending: the colour the other labels give unknown.
  unknown: { color: theme.palette.secondary.main },
  status: { display: 'block' },
  // Under a centred step name (the horizontal stepper), centred too.
  centred: { textAlign: 'center' },
  evidence: {
    display: 'block',
    color: theme.palette.text.secondary,
    overflowWrap: 'anywhere',
  },
  pendingEvidence: { color: theme.palette.text.disabled },
  compact: {
    display: 'inline-flex',
    // Wraps rather than widen the card's name column.
    flexWrap: 'wrap',
    alignItems: 'center',
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
  },
  compactStep: {
    display: 'inline-flex',
    alignItems: 'center',
    // The line between two steps.
    '& + &::before': {
      content: '""',
      display: 'inline-block',
      width: theme.spacing(1),
      borderTop: `1px solid ${theme.palette.divider}`,
      margin: theme.spacing(0, 0.25),
    },
  },
  compactButton: {
    display: 'inline-flex',
    background: 'none',
    border: 'none',
    padding: 0,
    cursor: 'help',
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  compactIcon: { fontSize: '1.1rem' },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
}));

function StepIcon(props: { status: StepStatus; className?: string }) {
  const classes = useStyles();
  const Icon = ICONS[props.status];
  return (
    <Icon
      className={`${classes[props.status]} ${props.className ?? ''}`}
      aria-hidden
      data-testid={`lifecycle-icon-${props.status}`}
    />
  );
}

/** Four icons in a row, each step's status, time and evidence in its tooltip (and for screen readers). */
function CompactStepper(props: {
  lifecycle: DatastoreLifecycle;
  label: string;
}) {
  const classes = useStyles();
  const { text } = lifecycleSummary(props.lifecycle);
  return (
    <ol className={classes.compact} aria-label={`${props.label}: ${text}`}>
      {props.lifecycle.steps.map(s => {
        const sentence = stepSentence(s);
        return (
          <li key={s.step} className={classes.compactStep}>
            <Tooltip title={sentence} arrow>
              <button type="button" className={classes.compactButton}>
                <StepIcon status={s.status} className={classes.compactIcon} />
                <span className={classes.visuallyHidden}>{sentence}</span>
              </button>
            </Tooltip>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * A datastore's lifecycle, requested → merged → applied → ready: each step with its status
 * (done, in progress, pending, failed or unknown: each its own icon and word), when it happened
 * and its evidence. `compact`: icons only, the rest in each one's tooltip (the card). Nothing
 * without a lifecycle (an older backend sends none).
 */
export function LifecycleStepper(props: {
  lifecycle?: DatastoreLifecycle;
  compact?: boolean;
  /** The list's accessible name: "Lifecycle of users (Production)". */
  label?: string;
}): ReactElement | null {
  const { lifecycle, compact, label = 'Lifecycle' } = props;
  const classes = useStyles();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
  if (!lifecycle?.steps?.length) return null;
  if (compact) return <CompactStepper lifecycle={lifecycle} label={label} />;
  return (
    <Stepper
      nonLinear
      alternativeLabel={!narrow}
      orientation={narrow ? 'vertical' : 'horizontal'}
      className={classes.stepper}
      role="list"
      aria-label={label}
    >
      {lifecycle.steps.map(s => (
        <Step
          key={s.step}
          role="listitem"
          completed={s.status === 'done'}
          active={s.status === 'current'}
          disabled={s.status === 'pending'}
        >
          <StepLabel
            icon={<StepIcon status={s.status} />}
            error={s.status === 'failed'}
            optional={
              <>
                <Typography
                  variant="caption"
                  component="span"
                  className={`${classes.status} ${classes[s.status]} ${
                    narrow ? '' : classes.centred
                  }`}
                >
                  {STEP_STATUS_NAMES[s.status]}
                  {s.at && (
                    <>
                      {' · '}
                      <When at={s.at} />
                    </>
                  )}
                </Typography>
                <Typography
                  variant="caption"
                  component="span"
                  className={`${classes.evidence} ${
                    s.status === 'pending' ? classes.pendingEvidence : ''
                  } ${narrow ? '' : classes.centred}`}
                >
                  {s.evidence}
                </Typography>
              </>
            }
          >
            {STEP_NAMES[s.step]}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}
