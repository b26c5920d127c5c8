import { ReactElement } from 'react';
import {
  DatastoreStatus,
  ReadinessState,
} from '@datastores/plugin-datastores-common';
import { StatusLabel, StatusTone } from '../StatusLabel';

/** The words and tone of each readiness state. */
export const READINESS_STATES: Record<
  ReadinessState,
  { tone: StatusTone; text: string }
> = {
  ready: { tone: 'ok', text: 'Ready' },
  'not-ready': { tone: 'error', text: 'Not ready' },
  declared: { tone: 'declared', text: 'Declared' },
  unknown: { tone: 'unknown', text: 'Unknown' },
};

/** Whether a datastore runs: the operator's own word (its phase) when it has one. */
export function ReadinessLabel(props: {
  readiness: DatastoreStatus['readiness'];
}): ReactElement {
  const { state, phase, message, source } = props.readiness;
  const { tone, text } = READINESS_STATES[state];
  const explanation = [
    message,
    phase && `Phase: ${phase}.`,
    source && `From ${source}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <StatusLabel
      tone={tone}
      text={text}
      explanation={explanation || undefined}
    />
  );
}
