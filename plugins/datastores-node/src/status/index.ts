export * from './kube';
export * from './secretSync';
export type { BackupStatus, ObservedBackup } from './backup';
export {
  CONTINUOUS_BACKUP_BOUND_MS,
  SCHEDULED_BACKUP_BOUND_MS,
} from './backup';
export * from './crossplane';
export * from './readiness';
