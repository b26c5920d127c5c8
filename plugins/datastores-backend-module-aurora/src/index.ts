/**
 * An example provider module: Postgres on Amazon Aurora, through the Terraform repo.
 *
 * @packageDocumentation
 */

import { createDatastoreProviderFeature } from '@datastores/plugin-datastores-node';
import { AURORA_POSTGRESQL, createAuroraProvider } from './provider';

export {
  AURORA_FACTS,
  AURORA_POSTGRESQL,
  createAuroraProvider,
} from './provider';
export { renderAuroraTerraform } from './auroraTerraform';
export { AURORA_DEFAULTS, readAuroraConfig } from './config';
export type { AuroraConfig } from './config';

/**
 * Installs Aurora PostgreSQL in the datastores backend and the scaffolder's actions:
 * `backend.add(import('@datastores/plugin-datastores-backend-module-aurora'))`.
 * @public
 */
const auroraPostgresqlModule = createDatastoreProviderFeature({
  moduleId: AURORA_POSTGRESQL,
  provider: ({ config }) => createAuroraProvider(config),
});
export default auroraPostgresqlModule;
