import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import { CrossplaneHealth } from './crossplane';
import { KubeObject, findCondition } from './kube';

/** Whether a datastore runs (`DatastoreStatus.readiness`). @public */
export type Readiness = DatastoreStatus['readiness'];

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * The readiness of the object the operator runs: a CloudNativePG `Cluster` by its `Ready`
 * condition, a `Dragonfly` by `status.phase` (`Ready`), a `Redis` (which has no status) not at
 * all: `unknown`, left to its composite's `Ready`.
 * @public
 */
export function readinessFromOperatorObject(object: KubeObject): Readiness {
  if (object.kind === 'Cluster') {
    const ready = findCondition(object, 'Ready');
    const phase = str(object.status?.phase);
    if (!ready) {
      return {
        state: 'unknown',
        ...(phase ? { phase } : {}),
        message: 'CloudNativePG has not reported readiness yet.',
      };
    }
    return {
      state: ready.status === 'True' ? 'ready' : 'not-ready',
      ...(phase ? { phase } : {}),
      ...(ready.status === 'True'
        ? {}
        : {
            message:
              ready.message || ready.reason || 'The Cluster is not ready.',
          }),
    };
  }
  if (object.kind === 'Dragonfly') {
    const phase = str(object.status?.phase);
    if (!phase)
      return {
        state: 'unknown',
        message: 'The Dragonfly reports no phase yet.',
      };
    return phase === 'Ready'
      ? { state: 'ready', phase }
      : { state: 'not-ready', phase, message: `The Dragonfly is ${phase}.` };
  }
  return {
    state: 'unknown',
    message: `The ${
      object.kind ?? 'object'
    } reports no status of its own; its composite's Ready tells.`,
  };
}

/** The readiness a Crossplane composite (or claim) reports. @public */
export function readinessFromComposite(health: CrossplaneHealth): Readiness {
  if (health.ready === undefined) {
    return {
      state: 'unknown',
      message: 'The composite reports no Ready condition yet.',
    };
  }
  return health.ready
    ? { state: 'ready' }
    : {
        state: 'not-ready',
        message: health.message ?? 'The composite is not Ready.',
      };
}
