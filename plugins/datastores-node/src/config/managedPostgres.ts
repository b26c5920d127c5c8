import { Config } from '@backstage/config';
import { readNeonSettings } from '../providers/neon/config';
import { readRdsSizes } from '../providers/rds/config';
import { DatastoreProviders } from '../providers/registry';
import { managedPostgresProviders } from '../readPolicy';
import { oneOf, pattern, retentionDays } from './checks';
import { ManagedPostgresConfig } from './types';

/**
 * `datastores.managed.postgres`: the managed provider of catastrophic Postgres, its retention
 * and version, and the settings of the built-in providers (RDS's sizes, Neon's region).
 */
export function readManagedPostgres(
  config: Config | undefined,
  providers: DatastoreProviders,
): ManagedPostgresConfig {
  const at = 'datastores.managed.postgres';
  const provider = config
    ? oneOf(config, 'provider', at, managedPostgresProviders(providers), 'rds')
    : 'rds';
  return {
    provider,
    backupRetentionDays: retentionDays(
      config,
      at,
      // The longest retention the provider allows; a year for one that names no bound.
      providers.catalog[provider].maxRetentionDays ?? 365,
    ),
    engineVersion: config
      ? pattern(
          config,
          'engineVersion',
          at,
          /^[0-9]+(\.[0-9]+)?$/,
          'a Postgres version like 17',
          '17',
        )
      : '17',
    ...readRdsSizes(config, at),
    neon: readNeonSettings(config?.getOptionalConfig('neon'), `${at}.neon`),
  };
}
