import { DesiredComposed, runGoTemplating } from './functionGoTemplating';

/** What Crossplane has observed: the composite, its composed resources, fetched extras. */
export interface Observed {
  composite: Record<string, any>;
  /** Observed composed resources by composition-resource-name. */
  resources?: Record<string, Record<string, any>>;
  /** Resources fetched for ExtraResources requirements, by requirement name. */
  extraResources?: Record<string, Record<string, any>[]>;
}

/** The outcome of one reconcile of a composite through its Composition's pipeline. */
export interface CompositionRun {
  composed: Record<string, DesiredComposed>;
  requirements: Record<string, Record<string, unknown>>;
  /** The composite's Ready condition as Crossplane sets it. */
  ready: boolean;
  /** Composed resources that keep the composite from being Ready. */
  notReady: string[];
}

function hasReadyTrue(object: Record<string, any> | undefined): boolean {
  return (object?.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
}

/**
 * Runs a Composition in Pipeline mode on an observed state, with the two functions our
 * Compositions use, as they behave upstream (commits in schemas/PROVENANCE.tsv):
 * function-go-templating (see functionGoTemplating.ts) and function-auto-ready (a desired
 * resource with unspecified readiness becomes ready when its observed object has a Ready=True
 * condition). Crossplane then marks the composite Ready only when every composed resource is
 * ready: "Unspecified" counts as not ready.
 */
export function runComposition(
  composition: any,
  observed: Observed,
): CompositionRun {
  if (composition.spec?.mode !== 'Pipeline') {
    throw new Error('only mode: Pipeline is modelled');
  }
  const request = {
    observed: {
      composite: { resource: observed.composite },
      resources: Object.fromEntries(
        Object.entries(observed.resources ?? {}).map(([k, r]) => [
          k,
          { resource: r },
        ]),
      ),
    },
    desired: {},
    extraResources: Object.fromEntries(
      Object.entries(observed.extraResources ?? {}).map(([k, items]) => [
        k,
        { items: items.map(resource => ({ resource })) },
      ]),
    ),
  };
  let composed: Record<string, DesiredComposed> = {};
  let requirements: Record<string, Record<string, unknown>> = {};
  for (const step of composition.spec.pipeline) {
    const fn = step.functionRef?.name;
    if (fn === 'function-go-templating') {
      const out = runGoTemplating(step.input, request);
      composed = { ...composed, ...out.composed };
      requirements = { ...requirements, ...out.requirements };
    } else if (fn === 'function-auto-ready') {
      for (const [name, desired] of Object.entries(composed)) {
        if (
          desired.ready === 'Unspecified' &&
          hasReadyTrue(observed.resources?.[name])
        ) {
          desired.ready = 'True';
        }
      }
    } else {
      throw new Error(`function ${fn} is not modelled`);
    }
  }
  const notReady = Object.entries(composed)
    .filter(([, d]) => d.ready !== 'True')
    .map(([name]) => name);
  return { composed, requirements, ready: notReady.length === 0, notReady };
}
