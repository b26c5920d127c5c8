import { KubeObject, findCondition } from './kube';

/** A Crossplane composite's health: conditions `Synced` and `Ready`. @public */
export interface CrossplaneHealth {
  kind: string;
  name: string;
  synced?: boolean;
  ready?: boolean;
  message?: string;
}

/** The `Synced` and `Ready` conditions of a Crossplane XR or claim. @public */
export function crossplaneHealth(object: KubeObject): CrossplaneHealth {
  const synced = findCondition(object, 'Synced');
  const ready = findCondition(object, 'Ready');
  const failing = [synced, ready].find(c => c && c.status !== 'True');
  return {
    kind: object.kind ?? 'Composite',
    name: object.metadata.name,
    ...(synced ? { synced: synced.status === 'True' } : {}),
    ...(ready ? { ready: ready.status === 'True' } : {}),
    ...(failing && (failing.message || failing.reason)
      ? { message: failing.message || failing.reason }
      : {}),
  };
}
