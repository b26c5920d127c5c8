import { ReactElement } from 'react';
import { SecretSyncStatus } from '@datastores/plugin-datastores-common';
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

/** Whether a datastore's connection secret is synced into the cluster; its message is the tooltip. */
export function SecretSyncLabel(props: {
  secretSync: { status: SecretSyncStatus; message?: string };
}): ReactElement {
  const { status, message } = props.secretSync;
  const { tone, text } = SECRET_SYNC_STATUSES[status];
  return (
    <StatusLabel
      tone={tone}
      text={text}
      explanation={
        message ??
        (status === 'unknown'
          ? 'The datastores backend did not say why.'
          : undefined)
      }
    />
  );
}
