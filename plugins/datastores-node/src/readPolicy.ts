import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  Policy,
  defaultPolicy,
  parsePolicy,
} from '@datastores/plugin-datastores-common';
import { DatastoreProviders } from './providers/registry';

/** The providers that can run a managed Postgres: what `managed.postgres.provider` may name. @public */
export function managedPostgresProviders(
  providers: DatastoreProviders,
): string[] {
  return providers
    .ids('managed')
    .filter(id => providers.catalog[id].engines.includes('postgres'));
}

/**
 * The policy of `datastores.policy`, else the default one with the configured managed
 * provider; providers must be installed ones. Needs no other `datastores` key, so deciding
 * works before any repo is configured.
 * @public
 */
export function readPolicy(
  config: Config,
  providers: DatastoreProviders = DatastoreProviders.create(),
): Policy {
  const raw = config.getOptional('datastores.policy');
  if (raw !== undefined) {
    return parsePolicy(raw, 'datastores.policy', providers.catalog);
  }
  const provider = config.getOptionalString(
    'datastores.managed.postgres.provider',
  );
  const allowed = managedPostgresProviders(providers);
  if (provider !== undefined && !allowed.includes(provider)) {
    throw new InputError(
      `datastores.managed.postgres.provider must be one of ${allowed.join(
        ', ',
      )}; got ${JSON.stringify(provider)}`,
    );
  }
  return defaultPolicy({ managedPostgresProvider: provider });
}
