import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import { KubeObject, findCondition, parseGoDuration } from './kube';

/** The secret sync of a datastore (`DatastoreStatus.secretSync`). @public */
export type SecretSync = DatastoreStatus['secretSync'];

/** ESO's default `refreshInterval`. */
const DEFAULT_REFRESH_MS = 3_600_000;

/**
 * How late past its `refreshInterval` an `ExternalSecret` may be before it is `stale`: twice the
 * interval, and never less than five minutes (a controller restart is not an outage).
 */
function staleAfterMs(intervalMs: number): number {
  return Math.max(2 * intervalMs, 5 * 60_000);
}

function storeProblem(
  store: KubeObject | null | undefined,
): string | undefined {
  if (store === null) return 'the store it references does not exist';
  if (!store) return undefined;
  const ready = findCondition(store, 'Ready');
  if (!ready || ready.status === 'True') return undefined;
  const why = [ready.reason, ready.message].filter(Boolean).join(': ');
  return `${store.kind ?? 'SecretStore'} ${store.metadata.name} is not ready${
    why ? ` (${why})` : ''
  }`;
}

/**
 * The secret sync of a datastore from its ESO `ExternalSecret` (`external-secrets.io/v1`).
 *
 * Managed datastores' secret comes from Secrets Manager, a self-hosted cache's from ESO's
 * Password generator (its Composition's `ExternalSecret`).
 * - `Ready=True` (`SecretSynced`): `synced`, or `stale` when `refreshTime` is well past
 *   `refreshInterval`.
 * - `Ready=False`: `error` with the message (and the store's own problem when it explains it),
 *   but `pending` ("waiting for Terraform apply") while the Terraform pull request that creates
 *   the Secrets Manager secret is not merged and applied.
 * - No conditions yet, or no object yet: `pending`.
 * @public
 */
export function secretSyncFromExternalSecret(input: {
  externalSecretName: string;
  externalSecret?: KubeObject;
  /**
   * The `SecretStore`/`ClusterSecretStore` the `ExternalSecret` refers to, when it was read;
   * `null` when the cluster says it does not exist.
   */
  store?: KubeObject | null;
  /** Why the store could not be read, when it could not. */
  storeUnreadable?: string;
  /** True while the Terraform pull request is unmerged or its apply has not finished. */
  terraformPending: boolean;
  now: Date;
}): SecretSync {
  const result = syncOf(input);
  // How often it refreshes, as the ExternalSecret says: the card shows it beside the last sync.
  const interval = input.externalSecret?.spec?.refreshInterval;
  return typeof interval === 'string' && interval
    ? { ...result, refreshInterval: interval }
    : result;
}

function syncOf(
  input: Parameters<typeof secretSyncFromExternalSecret>[0],
): SecretSync {
  const es = input.externalSecret;
  if (!es) {
    return {
      status: 'pending',
      message: input.terraformPending
        ? 'Waiting for Terraform apply.'
        : `The ExternalSecret ${input.externalSecretName} is not in the cluster yet.`,
    };
  }
  const ready = findCondition(es, 'Ready');
  const refreshTime =
    typeof es.status?.refreshTime === 'string'
      ? es.status.refreshTime
      : undefined;
  if (!ready) {
    return {
      status: 'pending',
      message: input.terraformPending
        ? 'Waiting for Terraform apply.'
        : 'External Secrets has not synced it yet.',
    };
  }
  if (ready.status === 'True') {
    const intervalMs =
      parseGoDuration(es.spec?.refreshInterval) ?? DEFAULT_REFRESH_MS;
    const last = refreshTime ? Date.parse(refreshTime) : NaN;
    if (
      intervalMs > 0 &&
      !Number.isNaN(last) &&
      input.now.getTime() - last > staleAfterMs(intervalMs)
    ) {
      return {
        status: 'stale',
        lastSyncedAt: refreshTime,
        message: `Last refreshed ${refreshTime}; it should refresh every ${
          es.spec?.refreshInterval ?? '1h'
        }.`,
      };
    }
    // The last sync worked, but a store that is not ready fails the next one; one that could
    // not be read proves nothing.
    if (input.storeUnreadable) {
      return {
        status: 'unknown',
        ...(refreshTime ? { lastSyncedAt: refreshTime } : {}),
        message: `Synced ${
          refreshTime ?? 'once'
        }, but its store could not be read: ${input.storeUnreadable}.`,
      };
    }
    const broken = storeProblem(input.store);
    if (broken) {
      return {
        status: 'error',
        ...(refreshTime ? { lastSyncedAt: refreshTime } : {}),
        message: `Synced ${
          refreshTime ?? 'once'
        }, but ${broken}: the next refresh will fail.`,
      };
    }
    return {
      status: 'synced',
      ...(refreshTime ? { lastSyncedAt: refreshTime } : {}),
      ...(ready.message ? { message: ready.message } : {}),
    };
  }
  const detail = [
    ready.message || ready.reason,
    storeProblem(input.store),
    input.storeUnreadable &&
      `its store could not be read: ${input.storeUnreadable}`,
  ]
    .filter(Boolean)
    .join('; ');
  if (input.terraformPending) {
    return {
      status: 'pending',
      ...(refreshTime ? { lastSyncedAt: refreshTime } : {}),
      message: `Waiting for Terraform apply${detail ? ` (${detail})` : ''}.`,
    };
  }
  return {
    status: 'error',
    ...(refreshTime ? { lastSyncedAt: refreshTime } : {}),
    message: detail || 'The ExternalSecret is not ready.',
  };
}
