import { Config } from '@backstage/config';
import { ProviderFacts } from '@datastores/plugin-datastores-common';
import { DatastoreProvider } from '@datastores/plugin-datastores-node';
import { renderAuroraTerraform } from './auroraTerraform';
import { readAuroraConfig } from './config';

/** The id policies and `datastores.managed.postgres.provider` name it by. @public */
export const AURORA_POSTGRESQL = 'aurora-postgresql';

/**
 * Aurora PostgreSQL's facts. No live reader: the card shows its backups as declared in
 * Terraform and its readiness as not observed, never as fine.
 * @public
 */
export const AURORA_FACTS: ProviderFacts = {
  title: 'Aurora PostgreSQL',
  strategy: 'managed',
  engines: ['postgres'],
  target: 'terraform',
  maxRetentionDays: 35,
  // A Multi-AZ cluster runs a reader in a second zone beside the writer.
  multiAzFactor: 2,
  safeguard: 'final-snapshot',
  restore: 'restore it with `aws rds restore-db-cluster-from-snapshot`',
};

/**
 * The Aurora PostgreSQL provider, with `datastores.aurora` read from the config (a wrong key
 * throws, naming it).
 * @public
 */
export function createAuroraProvider(config: Config): DatastoreProvider {
  const aurora = readAuroraConfig(config);
  const render = (ctx: Parameters<DatastoreProvider['render']>[0]) =>
    renderAuroraTerraform(ctx, aurora);
  return {
    id: AURORA_POSTGRESQL,
    facts: AURORA_FACTS,
    render,
    // The safeguard re-renders the module without protection, naming the final snapshot.
    renderSafeguard: render,
  };
}
