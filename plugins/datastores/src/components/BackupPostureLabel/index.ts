export { BackupPostureLabel, BACKUP_POSTURES } from './BackupPostureLabel';
