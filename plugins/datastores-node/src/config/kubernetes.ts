import { Config } from '@backstage/config';
import {
  API_VERSION,
  CRON,
  DNS_SUBDOMAIN,
  GO_DURATION,
  KIND,
  oneOf,
  pattern,
  retentionDays,
} from './checks';
import {
  CrossplaneConfig,
  CrossplaneKindConfig,
  DEFAULT_CROSSPLANE_API_VERSION,
  ExternalSecretsConfig,
} from './types';

export function readKind(
  config: Config | undefined,
  at: string,
  kind: string,
): CrossplaneKindConfig {
  if (!config) return { apiVersion: DEFAULT_CROSSPLANE_API_VERSION, kind };
  return {
    apiVersion: pattern(
      config,
      'apiVersion',
      at,
      API_VERSION,
      'a Kubernetes apiVersion with a group, like datastores.platform.io/v1alpha1',
      DEFAULT_CROSSPLANE_API_VERSION,
    ),
    kind: pattern(
      config,
      'kind',
      at,
      KIND,
      'a Kubernetes kind in PascalCase',
      kind,
    ),
  };
}

export function readCrossplane(config: Config | undefined): CrossplaneConfig {
  const at = 'datastores.crossplane';
  return {
    shape: config
      ? oneOf(config, 'shape', at, ['xr', 'claim'] as const, 'xr')
      : 'xr',
    postgres: readKind(
      config?.getOptionalConfig('postgres'),
      `${at}.postgres`,
      'PostgresInstance',
    ),
    cache: readKind(
      config?.getOptionalConfig('cache'),
      `${at}.cache`,
      'CacheInstance',
    ),
    backupSchedule: config
      ? pattern(
          config,
          'backupSchedule',
          at,
          CRON,
          'a five-field cron expression',
          '0 3 * * *',
        )
      : '0 3 * * *',
    backupRetentionDays: retentionDays(config, at, 365),
  };
}

export function readExternalSecrets(
  config: Config | undefined,
): ExternalSecretsConfig {
  const at = 'datastores.externalSecrets';
  const store = config?.getOptionalConfig('secretStoreRef');
  return {
    secretStoreRef: {
      kind: store
        ? oneOf(
            store,
            'kind',
            `${at}.secretStoreRef`,
            ['ClusterSecretStore', 'SecretStore'] as const,
            'ClusterSecretStore',
          )
        : 'ClusterSecretStore',
      name: store
        ? pattern(
            store,
            'name',
            `${at}.secretStoreRef`,
            DNS_SUBDOMAIN,
            'a Kubernetes object name',
            'aws-secrets-manager',
          )
        : 'aws-secrets-manager',
    },
    refreshInterval: config
      ? pattern(
          config,
          'refreshInterval',
          at,
          GO_DURATION,
          'a Go duration like 1h',
          '1h',
        )
      : '1h',
  };
}
