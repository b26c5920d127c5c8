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

/** A datastore's backup posture; its detail is the tooltip. */
export function BackupPostureLabel(props: {
  backup: { posture: BackupPosture; detail: string };
}): ReactElement {
  const { posture, detail } = props.backup;
  const { tone, text } = BACKUP_POSTURES[posture];
  return <StatusLabel tone={tone} text={text} explanation={detail} />;
}
