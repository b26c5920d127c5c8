import {
  BackupRequirements,
  gradeBackup,
} from '@datastores/plugin-datastores-common';
import {
  ObservedBackup,
  isRequired,
  str,
  unconfigured,
} from '../../status/backup';
import { KubeObject } from '../../status/kube';

/**
 * The phase and backup posture of a `Dragonfly` (`dragonflydb.io/v1alpha1`): it reports
 * `status.phase` only, so the posture comes from `spec.snapshot` (`dir`, `cron`).
 * @public
 */
export function backupFromDragonfly(input: {
  dragonfly: KubeObject;
  requirements: BackupRequirements;
  now: Date;
}): ObservedBackup & { phase?: string } {
  const { dragonfly, requirements } = input;
  const phase = str(dragonfly.status?.phase);
  const snapshot = dragonfly.spec?.snapshot;
  const cron = str(snapshot?.cron);
  const dir = str(snapshot?.dir);
  if (!cron) {
    const result = unconfigured(
      requirements,
      dir
        ? `Snapshots go to ${dir} on shutdown only (no cron)`
        : 'No snapshots are configured',
    );
    return { ...result, ...(phase ? { phase } : {}) };
  }
  const offsite = !!dir && dir.startsWith('s3://');
  const failures = [
    ...(phase !== 'Ready'
      ? [`the Dragonfly is ${phase ?? 'not reporting a phase'}`]
      : []),
    ...(!offsite && isRequired(requirements)
      ? ['snapshots stay on a volume in the cluster']
      : []),
  ];
  // Graded like every provider. Dragonfly keeps no retention of its own (its snapshots stay
  // as long as the bucket or volume keeps them), so a required retention is never proven.
  const grade = gradeBackup(
    { enabled: true, pitr: false, failures },
    requirements,
    input.now,
  );
  return {
    backup: {
      posture: grade.posture,
      pitr: false,
      detail: `Snapshots on "${cron}" to ${dir ?? 'the default volume'}.${
        grade.reasons.length
          ? ` ${
              grade.posture === 'unknown' ? 'Not proven' : 'At risk'
            }: ${grade.reasons.join('; ')}${
              grade.reasons.includes('the retention was not observed')
                ? ' (Dragonfly keeps snapshots as long as their bucket or volume does)'
                : ''
            }.`
          : ''
      }`,
    },
    observed: { backupsEnabled: true, pitr: false },
    ...(phase ? { phase } : {}),
  };
}
