import { BackupRequirements } from '@datastores/plugin-datastores-common';
import {
  ObservedBackup,
  isRequired,
  str,
  unconfigured,
} from '../../status/backup';
import { KubeObject } from '../../status/kube';

/**
 * The backup posture of an OT-Container-Kit `Redis` (`redis.redis.opstreelabs.in/v1beta2`):
 * it persists to its volume when `spec.storage` is set, with no off-site copy.
 * @public
 */
export function backupFromRedis(input: {
  redis: KubeObject;
  requirements: BackupRequirements;
}): ObservedBackup & { phase?: string } {
  const { redis, requirements } = input;
  const phase = str(redis.status?.state) ?? str(redis.status?.phase);
  const storage = redis.spec?.storage?.volumeClaimTemplate;
  if (!storage) {
    return {
      ...unconfigured(requirements, 'No persistent storage is configured'),
      ...(phase ? { phase } : {}),
    };
  }
  return {
    backup: isRequired(requirements)
      ? {
          posture: 'at-risk',
          pitr: false,
          detail:
            'Persisted to a volume in the cluster only; the policy requires backups kept elsewhere.',
        }
      : {
          posture: 'not-required',
          pitr: false,
          detail: 'Persisted to a volume in the cluster; backups not required.',
        },
    observed: { backupsEnabled: false },
    ...(phase ? { phase } : {}),
  };
}
