import {
  DatastoreLifecycle,
  LifecycleStanding,
  LifecycleStep,
  LifecycleStepState,
  lifecycleStanding,
} from '@datastores/plugin-datastores-common';
import { absoluteTime, parseTime, relativeTime } from '../../time';
import { StatusTone } from '../StatusLabel';

/** How each step is called once reached. */
export const STEP_NAMES: Record<LifecycleStep, string> = {
  requested: 'Requested',
  merged: 'Merged',
  applied: 'Applied',
  ready: 'Ready',
};

/** How each step is called while awaited: "awaiting apply", "apply unknown". */
const STEP_NOUNS: Record<LifecycleStep, string> = {
  requested: 'request',
  merged: 'merge',
  applied: 'apply',
  ready: 'readiness',
};

/** The words of each step status. */
export const STEP_STATUS_NAMES: Record<LifecycleStepState['status'], string> = {
  done: 'Done',
  current: 'In progress',
  pending: 'Pending',
  failed: 'Failed',
  unknown: 'Unknown',
};

/**
 * One step in a sentence, for a tooltip and for screen readers: "Merged: done, 3 minutes ago
 * (1 Oct 2026, 12:00:00 UTC). Every pull request is merged."
 */
export function stepSentence(
  s: LifecycleStepState,
  now: Date = new Date(),
): string {
  const at = parseTime(s.at);
  const when = at ? `, ${relativeTime(at, now)} (${absoluteTime(at)})` : '';
  return `${STEP_NAMES[s.step]}: ${STEP_STATUS_NAMES[
    s.status
  ].toLocaleLowerCase('en-US')}${when}. ${s.evidence}`;
}

const capitalized = (text: string) => text[0].toUpperCase() + text.slice(1);

/**
 * Where a datastore stands, in a few words with a tone and why: "Ready", "Merged, awaiting
 * apply", "Merged, apply unknown", "Failed at merge". Unknown has the unknown tone, never the
 * in-progress one: not knowing whether it was applied is not "applying".
 */
export function lifecycleSummary(lifecycle: DatastoreLifecycle | undefined): {
  standing: LifecycleStanding;
  tone: StatusTone;
  text: string;
  explanation: string;
} {
  const standing = lifecycleStanding(lifecycle);
  if (!lifecycle) {
    return {
      standing,
      tone: 'unknown',
      text: 'Unknown',
      explanation: 'The datastores backend reported no lifecycle.',
    };
  }
  const next = lifecycle.steps.find(s => s.status !== 'done');
  const reached = lifecycle.steps.some(s => s.status === 'done')
    ? `${STEP_NAMES[lifecycle.state as LifecycleStep]}, `
    : '';
  if (standing === 'failed') {
    const failed = lifecycle.steps.find(s => s.status === 'failed');
    return {
      standing,
      tone: 'error',
      text: failed ? `Failed at ${STEP_NOUNS[failed.step]}` : 'Failed',
      explanation: failed?.evidence ?? 'A step failed.',
    };
  }
  if (!next) {
    const ready = lifecycle.steps[lifecycle.steps.length - 1];
    return {
      standing,
      tone: 'ok',
      text: STEP_NAMES.ready,
      explanation: ready.evidence,
    };
  }
  if (standing === 'unknown') {
    const text = `${reached}${STEP_NOUNS[next.step]} unknown`;
    return {
      standing,
      tone: 'unknown',
      text: capitalized(text),
      explanation: next.evidence,
    };
  }
  return {
    standing,
    tone: 'pending',
    text: capitalized(`${reached}awaiting ${STEP_NOUNS[next.step]}`),
    explanation: next.evidence,
  };
}

/** How each standing reads as a filter value: the state reached, "Failed", "Unknown". */
export const LIFECYCLE_STANDING_NAMES: Record<LifecycleStanding, string> = {
  ...STEP_NAMES,
  failed: 'Failed',
  unknown: 'Unknown',
};
