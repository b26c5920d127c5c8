export {
  POSTGRES_DATABASE,
  POSTGRES_PORT,
  POSTGRES_USER,
  renderContext,
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
export { renderTerraform } from './terraform';
export { renderRdsTerraform, managedRetentionDays } from './rdsTerraform';
export { renderNeonTerraform } from './neonTerraform';
export { externalSecretObject } from './externalSecret';
export { crossplaneObject, selfHostedBackup } from './crossplane';
export type { SelfHostedBackup } from './crossplane';
export { catalogEntity } from './catalogEntity';
export type { CatalogEntityOptions } from './catalogEntity';
export { renderDatastore, renderDatastores } from './renderDatastore';
export { renderSafeguard, removalPaths } from './decommission';
export type { DecommissionRenderOptions } from './context';
