import { RefreshedEntityDatastores } from '@datastores/plugin-datastores-common';

/** What a refused or failed "refresh now" tells the user, from the backend's error. */
export function refreshFailureMessage(error: Error, now = Date.now()): string {
  const { statusCode, body } = error as {
    statusCode?: number;
    body?: {
      error?: {
        message?: string;
        retryAfterSeconds?: number;
        lastRefreshAt?: string;
      };
    };
  };
  const detail = body?.error;
  if (statusCode === 429) {
    const retry = detail?.retryAfterSeconds;
    const last = detail?.lastRefreshAt ? Date.parse(detail.lastRefreshAt) : NaN;
    const ago = Number.isNaN(last)
      ? 'recently'
      : `${Math.max(0, Math.round((now - last) / 1000))} s ago`;
    return `Refreshed ${ago}; try again ${
      typeof retry === 'number' ? `in ${retry} s` : 'shortly'
    }`;
  }
  // 403 (no kubernetes.resources.read) and the rest: the backend's own words.
  return `Could not refresh: ${detail?.message ?? error.message}`;
}

/** What a done refresh tells the user: which clusters it could not read, if any. */
export function refreshDoneMessage(answer: RefreshedEntityDatastores): string {
  const failed = answer.refresh.clusters
    .filter(c => c.status === 'failed')
    .map(c => c.cluster);
  return failed.length
    ? `Refreshed, except cluster ${failed.join(', ')} (its last state is shown)`
    : 'Refreshed just now';
}
