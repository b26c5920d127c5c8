import { ReactElement } from 'react';
import { BackupPosture } from '@datastores/plugin-datastores-common';
import { StatusLabel, StatusTone } from '../StatusLabel';

/** The words and tone of each backup posture. */
export const BACKUP_POSTURES: Record<
  BackupPosture,
  { tone: StatusTone; text: string }
> = {
  protected: { tone: 'ok', text: 'Protected' },
  'at-risk': { tone: 'warning', text: 'At risk' },
  unprotected: { tone: 'error', text: 'Unprotected' },
  declared: { tone: 'declared', text: 'Declared' },
  'not-required': { tone: 'neutral', text: 'Not required' },
  unknown: { tone: 'unknown', text: 'Unknown' },
};

/** What declared backups read as while the datastore is only requested (its pull request not merged). */
export const DECLARED_NOT_APPLIED = 'Declared, not applied yet';

/**
 * A datastore's backup posture; its detail is the tooltip. `requested` (the datastore is not in
 * the catalog yet) says declared backups are not applied yet.
 */
export function BackupPostureLabel(props: {
  backup: { posture: BackupPosture; detail: string };
  requested?: boolean;
}): ReactElement {
  const { backup, requested } = props;
  const { tone, text } = BACKUP_POSTURES[backup.posture];
  return (
    <StatusLabel
      tone={tone}
      text={
        requested && backup.posture === 'declared' ? DECLARED_NOT_APPLIED : text
      }
      explanation={backup.detail}
    />
  );
}
