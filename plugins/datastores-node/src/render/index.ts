export {
  POSTGRES_DATABASE,
  POSTGRES_PORT,
  POSTGRES_USER,
  renderContext,
  awsSettings,
  targetFilePath,
  terraformModuleDir,
} from './context';
export type { RenderContext, RenderedFile } from './context';
export {
  hclString,
  renderHcl,
  ref,
  call,
  attr,
  block,
  comment,
  blank,
} from './hcl';
export type { HclExpression, HclItem, HclValue } from './hcl';
export { toYaml } from './yaml';
export {
  AWS_PROVIDER,
  TERRAFORM_VERSION,
  awsProvider,
  awsTags,
  connectionSecret,
  managedRetentionDays,
  output,
  rootModuleFiles,
  versionsFile,
} from './terraformCommon';
export type { RequiredProvider } from './terraformCommon';
export {
  MASTER_PASSWORD,
  RANDOM_PROVIDER,
  deletionSafeguards,
  masterPassword,
  postgresConnection,
  preventDestroy,
} from './awsPostgres';
export { externalSecretObject } from './externalSecret';
export { crossplaneObject, selfHostedBackup } from './crossplane';
export type { SelfHostedBackup } from './crossplane';
export { catalogEntity } from './catalogEntity';
export type { CatalogEntityOptions } from './catalogEntity';
export {
  renderDatastore,
  renderDatastores,
  renderProviderFiles,
} from './renderDatastore';
export { renderSafeguard, removalPaths } from './decommission';
export type { DecommissionRenderOptions } from './context';
