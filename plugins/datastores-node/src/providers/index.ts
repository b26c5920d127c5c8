export type {
  DatastoreProvider,
  ProviderCloudStatus,
  ProviderKubernetesStatus,
} from './types';
export { DatastoreProviders } from './registry';
export {
  datastoresProvidersExtensionPoint,
  scaffolderDatastoresProvidersExtensionPoint,
} from './extensionPoints';
export type { DatastoresProvidersExtensionPoint } from './extensionPoints';
export { createDatastoreProviderFeature } from './createDatastoreProviderFeature';
export { renderCrossplaneObject } from './selfHosted';
export { backupFromRdsInstance, readinessFromRdsStatus } from './rds/status';
export type { RdsInstanceDescription } from './rds/status';
export { backupFromNeonProject, readinessFromNeonBranch } from './neon/status';
export type { NeonProjectDescription } from './neon/status';
export {
  backupFromCnpgCluster,
  secretSyncFromCnpgCluster,
} from './cloudnative-pg/status';
export { backupFromDragonfly } from './dragonfly/status';
export { backupFromRedis } from './redis/status';
