/**
 * The real schemas and checks, for tests of other packages (a provider module's Terraform,
 * say).
 */
export { checkTerraformModule } from './terraform/checkTerraform';
export type { TerraformProblem } from './terraform/checkTerraform';
export { loadProviderSchemas } from './terraform/providerSchemas';
export type { ProviderSchema } from './terraform/providerSchemas';
export { SCHEMAS } from './paths';
