/**
 * What the controllers write into the status of each kind we compose, healthy and not, in the
 * fields their CRDs define (the tests validate these statuses against the CRDs too, so a
 * fixture cannot invent a field): CloudNativePG's Ready condition, ESO's Ready/SecretSynced,
 * Dragonfly's status.phase, the ScheduledBackup's schedule times. Kinds with no status
 * (ObjectStore before its first backup, the Password generator, the Redis CR) are the same
 * healthy or not; the Redis one's health is its StatefulSet's.
 */
const AT = '2026-12-01T10:00:00Z';

const condition = (
  status: 'True' | 'False',
  reason: string,
  message: string,
) => ({
  type: 'Ready',
  status,
  reason,
  message,
  lastTransitionTime: AT,
});

type Status = Record<string, unknown> | undefined;

const STATUS: Record<string, { healthy: Status; unhealthy?: Status }> = {
  'postgresql.cnpg.io/Cluster': {
    healthy: {
      phase: 'Cluster in healthy state',
      conditions: [condition('True', 'ClusterIsReady', 'Cluster is Ready')],
    },
    unhealthy: {
      phase: 'Setting up primary',
      conditions: [
        condition('False', 'ClusterIsNotReady', 'Cluster Is Not Ready'),
      ],
    },
  },
  'postgresql.cnpg.io/ScheduledBackup': {
    healthy: { lastCheckTime: AT, nextScheduleTime: '2026-12-02T02:00:00Z' },
    unhealthy: undefined,
  },
  'external-secrets.io/ExternalSecret': {
    healthy: {
      refreshTime: AT,
      conditions: [condition('True', 'SecretSynced', 'secret synced')],
    },
    unhealthy: {
      conditions: [
        condition(
          'False',
          'SecretSyncedError',
          'could not get secret data from provider',
        ),
      ],
    },
  },
  'dragonflydb.io/Dragonfly': {
    healthy: { phase: 'Ready' },
    unhealthy: { phase: 'Configuring' },
  },
  'barmancloud.cnpg.io/ObjectStore': { healthy: undefined },
  'generators.external-secrets.io/Password': { healthy: undefined },
  'redis.redis.opstreelabs.in/Redis': { healthy: undefined },
};

const keyOf = (object: Record<string, any>) =>
  `${String(object.apiVersion).split('/')[0]}/${object.kind}`;

/** The object as Crossplane would observe it once its controller is done (or failing). */
export function observedAs(
  object: Record<string, any>,
  health: 'healthy' | 'unhealthy',
): Record<string, any> {
  const entry = STATUS[keyOf(object)];
  if (!entry)
    throw new Error(`no observed status modelled for ${keyOf(object)}`);
  const status = health === 'healthy' ? entry.healthy : entry.unhealthy;
  return status ? { ...object, status } : { ...object };
}

/** Whether the kind's health shows in its own status (else only in related objects). */
export function hasOwnHealth(object: Record<string, any>): boolean {
  return 'unhealthy' in (STATUS[keyOf(object)] ?? {});
}

/** The StatefulSet the OT-Container-Kit operator runs for a Redis, named like it. */
export function redisStatefulSet(
  name: string,
  namespace: string,
  readyReplicas: number,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace },
    spec: { replicas: 1 },
    status: { replicas: 1, readyReplicas, availableReplicas: readyReplicas },
  };
}
