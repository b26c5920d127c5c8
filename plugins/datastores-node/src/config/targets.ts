import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { TargetRepoConfig } from './types';

export function readTarget(
  config: Config,
  target: 'terraform' | 'gitops',
): TargetRepoConfig {
  const at = `datastores.targets.${target}`;
  const sub = config.getConfig(target);
  const path =
    sub.getOptionalString('path') ??
    (target === 'terraform'
      ? 'datastores/{environment}/{service}-{name}'
      : 'apps/{namespace}/{environment}');
  if (target === 'terraform') {
    // Each datastore is its own Terraform root module, with its own state.
    for (const placeholder of ['{environment}', '{service}', '{name}']) {
      if (!path.includes(placeholder)) {
        throw new InputError(
          `${at}.path must use ${placeholder}: each datastore is its own Terraform root module; got ${JSON.stringify(
            path,
          )}`,
        );
      }
    }
  }
  return {
    repoUrl: sub.getString('repoUrl'),
    baseBranch: sub.getOptionalString('baseBranch') ?? 'main',
    path,
    // Kept out of the GitOps path, which a GitOps controller applies to the cluster.
    catalogPath:
      sub.getOptionalString('catalogPath') ??
      (target === 'terraform' ? path : 'catalog/{namespace}'),
  };
}
