import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DatastoreProviders } from '../providers/registry';
import { readCosts } from '../readCosts';
import { readPolicy } from '../readPolicy';
import { readEnvironments } from './environments';
import { readCrossplane, readExternalSecrets } from './kubernetes';
import { readDecommission } from '../providers/neon/config';
import { readManagedPostgres } from './managedPostgres';
import { readTarget } from './targets';
import { DatastoresConfig } from './types';

export * from './types';
export { environmentNamespace } from './environments';

/**
 * `datastores.targets`: the Terraform and GitOps repos, validated. What reads the repos only
 * (the catalog's entity provider) needs nothing else, and so no provider.
 * @public
 */
export function readTargets(root: Config): DatastoresConfig['targets'] {
  const targets = root.getConfig('datastores.targets');
  return {
    terraform: readTarget(targets, 'terraform'),
    gitops: readTarget(targets, 'gitops'),
  };
}

/**
 * Reads and validates the `datastores` configuration, filling in its defaults. Throws an
 * `InputError` naming the first wrong key (a missing required key throws Backstage's own
 * config error, which names it too). Providers, policy and prices are checked against the
 * installed providers (the built-in ones unless given).
 * @public
 */
export function readDatastoresConfig(
  root: Config,
  providers: DatastoreProviders = DatastoreProviders.create(),
): DatastoresConfig {
  const config = root.getConfig('datastores');
  const postgres = readManagedPostgres(
    config.getOptionalConfig('managed.postgres'),
    providers,
  );
  return {
    targets: readTargets(root),
    environments: readEnvironments(config.getOptionalConfig('environments')),
    managed: { postgres },
    crossplane: readCrossplane(config.getOptionalConfig('crossplane')),
    externalSecrets: readExternalSecrets(
      config.getOptionalConfig('externalSecrets'),
    ),
    policy: readPolicy(root, providers),
    costs: readCosts(root, providers),
    providers,
    decommission: readDecommission(config.getOptionalConfig('decommission')),
  };
}

/**
 * The configuration, or why an operation cannot run without it.
 * @public
 */
export function requireTargets(
  config: DatastoresConfig | undefined,
): DatastoresConfig {
  if (!config) {
    throw new InputError(
      'datastores.targets is not configured: set datastores.targets.terraform and datastores.targets.gitops in app-config (see the README)',
    );
  }
  return config;
}
