import {
  BACKUP_POSTURE_ORDER,
  BackupRequirements,
  DatastoreStatus,
  ObservedPosture,
  READINESS_ORDER,
  SECRET_SYNC_ORDER,
  worstOf,
} from '@datastores/plugin-datastores-common';
import {
  ProviderKubernetesStatus,
  Readiness,
  SecretSync,
  crossplaneHealth,
  readinessFromComposite,
} from '@datastores/plugin-datastores-node';
import { ClusterView, observedIn } from './clusterView';
import type { LiveFields } from './LiveStatusReader';

/**
 * A self-hosted datastore's backups, readiness and (when its operator writes it) connection
 * secret, from its operator's object and its composite in every cluster: the worst copy
 * decides, a cluster that could not be read makes it unknown, and an object not there yet is
 * not ready.
 */
export function operatorStatus(input: {
  operator: ProviderKubernetesStatus;
  view: ClusterView;
  /** The name of the operator's object and of the composite. */
  name: string;
  /** The kinds of the Crossplane composites. */
  compositeKinds: Set<string>;
  declared: Pick<DatastoreStatus, 'backup' | 'readiness' | 'secretSync'>;
  requirements: BackupRequirements;
  now: Date;
}): Pick<DatastoreStatus, 'backup' | 'readiness' | 'secretSync'> & {
  observed: ObservedPosture;
  live: LiveFields;
} {
  const { operator, view, name, declared } = input;
  const { type } = operator;
  const live: LiveFields = {};
  const result = view.copies(type, name);
  if ('reason' in result) {
    return {
      // A posture the policy settles (no backups needed) does not depend on the cluster.
      backup:
        declared.backup.posture === 'not-required'
          ? declared.backup
          : { ...declared.backup, posture: 'unknown', detail: result.reason },
      readiness: { state: 'unknown', message: result.reason },
      secretSync: declared.secretSync,
      observed: {},
      live: { unknownReason: result.reason },
    };
  }
  const backups: Array<
    DatastoreStatus['backup'] & { observed: ObservedPosture }
  > = [];
  const readinesses: Readiness[] = [];
  const composites: Readiness[] = [];
  const secrets: SecretSync[] = [];
  const relatedKinds = new Set((operator.related ?? []).map(t => t.kind));
  for (const object of result.found) {
    const mapped = operator.backup({
      object,
      related: view.objects.filter(
        o => relatedKinds.has(o.kind ?? '') && o.cluster === object.cluster,
      ),
      requirements: input.requirements,
      now: input.now,
    });
    backups.push({
      ...mapped.backup,
      ...observedIn(object),
      observed: mapped.observed,
    });
    // An object with no status of its own (a Redis): its composite's Ready tells.
    if (operator.readiness) {
      readinesses.push({
        ...operator.readiness(object),
        ...observedIn(object),
      });
    }
    if (operator.secretSync) {
      secrets.push({ ...operator.secretSync(object), ...observedIn(object) });
    }
  }
  for (const xr of view.objects.filter(
    o => input.compositeKinds.has(o.kind ?? '') && o.metadata.name === name,
  )) {
    const health = crossplaneHealth(xr);
    live.crossplane = health;
    composites.push({ ...readinessFromComposite(health), ...observedIn(xr) });
  }
  if (result.unreadable) {
    backups.push({
      posture: 'unknown',
      detail: result.unreadable,
      observed: {},
    });
    readinesses.push({ state: 'unknown', message: result.unreadable });
    secrets.push({ status: 'unknown', message: result.unreadable });
  }
  if (!result.found.length && !result.unreadable) {
    const absent = `No ${type.kind} ${name} in the cluster yet.`;
    backups.push({
      posture: 'unknown',
      detail: absent,
      observed: {},
      ...view.seen,
    });
    readinesses.push({ state: 'not-ready', message: absent, ...view.seen });
    secrets.push({ status: 'pending', message: absent, ...view.seen });
  }
  if (!operator.readiness && result.found.length && !composites.length) {
    readinesses.push({
      state: 'unknown',
      message: `The ${type.kind} reports no status of its own, and its composite was not found.`,
      ...view.seen,
    });
  }
  const { observed, ...backup } = worstOf(
    backups,
    'posture',
    BACKUP_POSTURE_ORDER,
  )!;
  const readiness = worstOf(
    [...readinesses, ...composites],
    'state',
    READINESS_ORDER,
  )!;
  if (readiness.phase) live.phase = readiness.phase;
  return {
    backup,
    readiness,
    secretSync: operator.secretSync
      ? worstOf(secrets, 'status', SECRET_SYNC_ORDER)!
      : declared.secretSync,
    observed,
    live,
  };
}
