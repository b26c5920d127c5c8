export {
  KUBERNETES_CONFIGURATION_DOCS,
  SecretSyncLabel,
  SECRET_SYNC_STATUSES,
  secretSyncExplanation,
} from './SecretSyncLabel';
