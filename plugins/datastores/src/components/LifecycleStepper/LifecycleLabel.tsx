import { ReactElement } from 'react';
import { DatastoreLifecycle } from '@datastores/plugin-datastores-common';
import { StatusLabel } from '../StatusLabel';
import { lifecycleSummary } from './lifecycleWords';

/**
 * Where a datastore stands, as one label (the fleet's column): "Ready", "Merged, awaiting
 * apply", "Merged, apply unknown" (the unknown tone), "Failed at apply" (red); the evidence of
 * the step it is at in the tooltip.
 */
export function LifecycleLabel(props: {
  lifecycle?: DatastoreLifecycle;
}): ReactElement {
  const { tone, text, explanation } = lifecycleSummary(props.lifecycle);
  return <StatusLabel tone={tone} text={text} explanation={explanation} wrap />;
}
