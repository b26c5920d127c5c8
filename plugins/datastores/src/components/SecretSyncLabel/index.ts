export { SecretSyncLabel, SECRET_SYNC_STATUSES } from './SecretSyncLabel';
