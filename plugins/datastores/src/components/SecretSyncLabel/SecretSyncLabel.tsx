import { ReactElement } from 'react';
import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  DatastoreStatus,
  SecretSyncStatus,
} from '@datastores/plugin-datastores-common';
import { refreshIntervalText } from '../../labels';
import { absoluteTime, parseTime, relativeTime } from '../../time';
import { StatusLabel, StatusTone } from '../StatusLabel';

/** The words and tone of each secret-sync status. */
export const SECRET_SYNC_STATUSES: Record<
  SecretSyncStatus,
  { tone: StatusTone; text: string }
> = {
  synced: { tone: 'ok', text: 'Synced' },
  error: { tone: 'error', text: 'Sync error' },
  stale: { tone: 'warning', text: 'Stale' },
  pending: { tone: 'pending', text: 'Pending' },
  'not-applicable': { tone: 'neutral', text: 'In cluster' },
  unknown: { tone: 'unknown', text: 'Unknown' },
};

/** How to give the Kubernetes backend a cluster, so live status can be observed. */
export const KUBERNETES_CONFIGURATION_DOCS =
  'https://backstage.io/docs/features/kubernetes/configuration';

/**
 * The tooltip of a secret sync: its message, when it last synced (relative and exact) and how
 * often it refreshes, when the status says.
 */
export function secretSyncExplanation(
  secretSync: Pick<
    DatastoreStatus['secretSync'],
    'status' | 'message' | 'lastSyncedAt' | 'refreshInterval'
  >,
  now: Date = new Date(),
): string | undefined {
  const { status, message, lastSyncedAt, refreshInterval } = secretSync;
  const last = parseTime(lastSyncedAt);
  const parts = [
    message ??
      (status === 'unknown'
        ? 'The datastores backend did not say why.'
        : undefined),
    last && `Last synced ${relativeTime(last, now)} (${absoluteTime(last)}).`,
    refreshInterval &&
      `Refresh interval: ${refreshIntervalText(refreshInterval)}.`,
  ].filter((part): part is string => Boolean(part));
  if (!parts.length) return undefined;
  // Sentences follow the message: it ends as one.
  return parts
    .map((part, i) =>
      i < parts.length - 1 && !/[.!?]$/.test(part) ? `${part}.` : part,
    )
    .join(' ');
}

/**
 * Whether a datastore's connection secret is synced into the cluster; its message, last sync
 * and refresh interval are the tooltip. When no cluster is configured, it links to how to
 * configure one.
 */
export function SecretSyncLabel(props: {
  secretSync: DatastoreStatus['secretSync'];
}): ReactElement {
  const { secretSync } = props;
  const { tone, text } = SECRET_SYNC_STATUSES[secretSync.status];
  const label = (
    <StatusLabel
      tone={tone}
      text={text}
      explanation={secretSyncExplanation(secretSync)}
    />
  );
  if (secretSync.unobservedBecause !== 'no-cluster') {
    return label;
  }
  return (
    <>
      {label}
      <Typography variant="caption" component="div">
        <Link to={KUBERNETES_CONFIGURATION_DOCS}>
          How to configure a cluster
        </Link>
      </Typography>
    </>
  );
}
