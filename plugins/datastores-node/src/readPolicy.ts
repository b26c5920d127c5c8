import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  Policy,
  defaultPolicy,
  parsePolicy,
} from '@datastores/plugin-datastores-common';

/**
 * The policy of `datastores.policy`, else the default one with the configured managed
 * provider. Needs no other `datastores` key, so deciding works before any repo is configured.
 * @public
 */
export function readPolicy(config: Config): Policy {
  const raw = config.getOptional('datastores.policy');
  if (raw !== undefined) {
    return parsePolicy(raw);
  }
  const provider = config.getOptionalString(
    'datastores.managed.postgres.provider',
  );
  if (provider !== undefined && provider !== 'rds' && provider !== 'neon') {
    throw new InputError(
      `datastores.managed.postgres.provider must be rds or neon; got ${JSON.stringify(
        provider,
      )}`,
    );
  }
  return defaultPolicy({ managedPostgresProvider: provider });
}
