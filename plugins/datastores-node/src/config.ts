import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ENVIRONMENTS,
  Environment,
  MIN_RETENTION_DAYS,
  Policy,
  PriceTable,
  SIZES,
  Size,
} from '@datastores/plugin-datastores-common';
import { readCosts } from './readCosts';
import { readPolicy } from './readPolicy';

/** A repository the datastores pull requests go to (`datastores.targets.<target>`). @public */
export interface TargetRepoConfig {
  repoUrl: string;
  baseBranch: string;
  /** Where a datastore's files go; may use `{environment}`, `{service}`, `{name}`, `{namespace}`. */
  path: string;
  /** Where a datastore's catalog `Resource` entity goes; same placeholders. */
  catalogPath: string;
}

/** The AWS network and encryption settings of one environment. @public */
export interface AwsEnvironmentConfig {
  region: string;
  dbSubnetGroupName: string;
  vpcSecurityGroupIds: string[];
  kmsKeyId?: string;
}

/** Where one environment lives (`datastores.environments.<environment>`). @public */
export interface EnvironmentConfig {
  /**
   * The Kubernetes namespace of the environment's objects; may use `{namespace}` (the
   * service's namespace) and `{service}`. Defaults to the service's namespace.
   */
  namespace?: string;
  aws?: AwsEnvironmentConfig;
}

/** How managed Postgres is run (`datastores.managed.postgres`). @public */
export interface ManagedPostgresConfig {
  provider: 'rds' | 'neon';
  /** Days of automated backups (RDS) or of restore history (Neon); at least MIN_RETENTION_DAYS. */
  backupRetentionDays: number;
  /** Postgres major version. */
  engineVersion: string;
  /** RDS instance class per size. */
  instanceClass: Record<Size, string>;
  /** RDS storage in GiB per size; storage autoscales up to five times as much. */
  allocatedStorage: Record<Size, number>;
  neon: {
    /** Neon region; defaults to `aws-<environments.<env>.aws.region>`. */
    regionId?: string;
    orgId?: string;
  };
}

/** A Crossplane composite resource type. @public */
export interface CrossplaneKindConfig {
  apiVersion: string;
  kind: string;
}

/** How self-hosted datastores are written (`datastores.crossplane`). @public */
export interface CrossplaneConfig {
  /** `xr`: a Crossplane v2 namespaced XR; `claim`: a Crossplane v1 claim. */
  shape: 'xr' | 'claim';
  postgres: CrossplaneKindConfig;
  cache: CrossplaneKindConfig;
  /** Five-field cron of the scheduled backups of self-hosted datastores that need them. */
  backupSchedule: string;
  backupRetentionDays: number;
}

/** How External Secrets Operator syncs managed connection secrets (`datastores.externalSecrets`). @public */
export interface ExternalSecretsConfig {
  secretStoreRef: { kind: 'ClusterSecretStore' | 'SecretStore'; name: string };
  /** Go duration, e.g. `1h`. */
  refreshInterval: string;
}

/** The `datastores` configuration, validated and with its defaults filled in. @public */
export interface DatastoresConfig {
  targets: { terraform: TargetRepoConfig; gitops: TargetRepoConfig };
  environments: Partial<Record<Environment, EnvironmentConfig>>;
  managed: { postgres: ManagedPostgresConfig };
  crossplane: CrossplaneConfig;
  externalSecrets: ExternalSecretsConfig;
  policy: Policy;
  /** The estimated monthly prices (`datastores.costs` over the shipped ones). */
  costs: PriceTable;
  decommission: DecommissionConfig;
}

/** `datastores.decommission`. @public */
export interface DecommissionConfig {
  /** Days between a Neon safeguard's merge and the earliest removal. */
  neonDeletionDelayDays: number;
}

/** The default of `datastores.decommission.neonDeletionDelayDays`. @public */
export const DEFAULT_NEON_DELETION_DELAY_DAYS = 7;

function readDecommission(config: Config | undefined): DecommissionConfig {
  const days =
    config?.getOptionalNumber('neonDeletionDelayDays') ??
    DEFAULT_NEON_DELETION_DELAY_DAYS;
  if (!Number.isInteger(days) || days < 0 || days > 90) {
    throw new InputError(
      `datastores.decommission.neonDeletionDelayDays must be a whole number of days from 0 to 90; got ${days}`,
    );
  }
  return { neonDeletionDelayDays: days };
}

/** The defaults of `datastores.crossplane`. @public */
export const DEFAULT_CROSSPLANE_API_VERSION = 'datastores.platform.io/v1alpha1';

const DEFAULT_INSTANCE_CLASS: Record<Size, string> = {
  small: 'db.t4g.medium',
  medium: 'db.m7g.large',
  large: 'db.m7g.2xlarge',
};
const DEFAULT_ALLOCATED_STORAGE: Record<Size, number> = {
  small: 20,
  medium: 100,
  large: 500,
};
/** The longest retention each managed provider allows. */
const MAX_RETENTION_DAYS = { rds: 35, neon: 30 } as const;

const API_VERSION =
  /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/v[0-9]+((alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]{0,62}$/;
const CRON = /^\S+( \S+){4}$/;
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key\/[A-Za-z0-9-]+$/;
const SECURITY_GROUP = /^sg-[0-9a-f]+$/;
const PLACEHOLDER_TEMPLATE = /^[a-z0-9{}-]+$/;
// Identifiers that end up in Terraform: no whitespace or control characters.
const PLAIN = /^[\x21-\x7e]+$/;

function pattern(
  config: Config,
  key: string,
  path: string,
  regex: RegExp,
  what: string,
  fallback?: string,
): string {
  const value =
    fallback === undefined
      ? config.getString(key)
      : config.getOptionalString(key) ?? fallback;
  if (!regex.test(value)) {
    throw new InputError(
      `${path}.${key} must be ${what}; got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function oneOf<T extends string>(
  config: Config,
  key: string,
  path: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = config.getOptionalString(key) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(
      `${path}.${key} must be one of ${allowed.join(
        ', ',
      )}; got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

function readTarget(
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

function readAws(config: Config, at: string): AwsEnvironmentConfig {
  const ids = config.getStringArray('vpcSecurityGroupIds');
  ids.forEach((id, index) => {
    if (!SECURITY_GROUP.test(id)) {
      throw new InputError(
        `${at}.vpcSecurityGroupIds[${index}] must be a security group id like sg-0123abcd; got ${JSON.stringify(
          id,
        )}`,
      );
    }
  });
  if (ids.length === 0) {
    throw new InputError(`${at}.vpcSecurityGroupIds must not be empty`);
  }
  const kmsKeyId = config.getOptionalString('kmsKeyId');
  return {
    region: pattern(config, 'region', at, AWS_REGION, 'an AWS region'),
    dbSubnetGroupName: pattern(
      config,
      'dbSubnetGroupName',
      at,
      PLAIN,
      'a DB subnet group name',
    ),
    vpcSecurityGroupIds: ids,
    ...(kmsKeyId !== undefined && {
      kmsKeyId: pattern(
        config,
        'kmsKeyId',
        at,
        KMS_KEY_ARN,
        'a KMS key ARN (RDS needs the ARN)',
      ),
    }),
  };
}

function readEnvironments(
  config: Config | undefined,
): DatastoresConfig['environments'] {
  const environments: DatastoresConfig['environments'] = {};
  for (const key of config?.keys() ?? []) {
    const at = `datastores.environments.${key}`;
    if (!(ENVIRONMENTS as readonly string[]).includes(key)) {
      throw new InputError(
        `${at} is not an environment; allowed: ${ENVIRONMENTS.join(', ')}`,
      );
    }
    const env = config!.getConfig(key);
    const namespace = env.getOptionalString('namespace');
    if (namespace !== undefined && !PLACEHOLDER_TEMPLATE.test(namespace)) {
      throw new InputError(
        `${at}.namespace must be a Kubernetes namespace, which may use {namespace} and {service}; got ${JSON.stringify(
          namespace,
        )}`,
      );
    }
    const aws = env.getOptionalConfig('aws');
    environments[key as Environment] = {
      ...(namespace !== undefined && { namespace }),
      ...(aws && { aws: readAws(aws, `${at}.aws`) }),
    };
  }
  return environments;
}

function bySize<T extends string | number>(
  config: Config | undefined,
  key: string,
  at: string,
  defaults: Record<Size, T>,
  check: (value: unknown) => value is T,
  what: string,
): Record<Size, T> {
  const raw = config?.getOptional(key);
  if (raw === undefined) return { ...defaults };
  if (check(raw)) return { small: raw, medium: raw, large: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(
      `${at}.${key} must be ${what}, or an object of them by size (${SIZES.join(
        ', ',
      )})`,
    );
  }
  const result = { ...defaults };
  for (const [size, value] of Object.entries(raw)) {
    if (!(SIZES as readonly string[]).includes(size) || !check(value)) {
      throw new InputError(
        `${at}.${key}.${size} must be ${what} for a size of ${SIZES.join(
          ', ',
        )}`,
      );
    }
    result[size as Size] = value;
  }
  return result;
}

function retentionDays(
  config: Config | undefined,
  at: string,
  max: number,
): number {
  const days = config?.getOptionalNumber('backupRetentionDays') ?? 7;
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > max) {
    throw new InputError(
      `${at}.backupRetentionDays must be a whole number of days from ${MIN_RETENTION_DAYS} to ${max}; got ${days}`,
    );
  }
  return days;
}

function readManagedPostgres(
  config: Config | undefined,
): ManagedPostgresConfig {
  const at = 'datastores.managed.postgres';
  const provider = config
    ? oneOf(config, 'provider', at, ['rds', 'neon'] as const, 'rds')
    : 'rds';
  const neon = config?.getOptionalConfig('neon');
  const regionId = neon?.getOptionalString('regionId');
  const orgId = neon?.getOptionalString('orgId');
  return {
    provider,
    backupRetentionDays: retentionDays(
      config,
      at,
      MAX_RETENTION_DAYS[provider],
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
    instanceClass: bySize(
      config,
      'instanceClass',
      at,
      DEFAULT_INSTANCE_CLASS,
      (v): v is string => typeof v === 'string' && /^db\.[a-z0-9.]+$/.test(v),
      'an RDS instance class like db.t4g.medium',
    ),
    allocatedStorage: bySize(
      config,
      'allocatedStorage',
      at,
      DEFAULT_ALLOCATED_STORAGE,
      (v): v is number =>
        typeof v === 'number' && Number.isInteger(v) && v >= 20 && v <= 65536,
      'a whole number of GiB from 20 to 65536',
    ),
    neon: {
      ...(regionId !== undefined && {
        regionId: pattern(
          neon!,
          'regionId',
          `${at}.neon`,
          /^[a-z0-9-]+$/,
          'a Neon region like aws-eu-central-1',
        ),
      }),
      ...(orgId !== undefined && {
        orgId: pattern(neon!, 'orgId', `${at}.neon`, PLAIN, 'a Neon org id'),
      }),
    },
  };
}

function readKind(
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

function readCrossplane(config: Config | undefined): CrossplaneConfig {
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

function readExternalSecrets(
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

/**
 * Reads and validates the `datastores` configuration, filling in its defaults. Throws an
 * `InputError` naming the first wrong key (a missing required key throws Backstage's own
 * config error, which names it too).
 * @public
 */
export function readDatastoresConfig(root: Config): DatastoresConfig {
  const config = root.getConfig('datastores');
  const targets = config.getConfig('targets');
  const postgres = readManagedPostgres(
    config.getOptionalConfig('managed.postgres'),
  );
  return {
    targets: {
      terraform: readTarget(targets, 'terraform'),
      gitops: readTarget(targets, 'gitops'),
    },
    environments: readEnvironments(config.getOptionalConfig('environments')),
    managed: { postgres },
    crossplane: readCrossplane(config.getOptionalConfig('crossplane')),
    externalSecrets: readExternalSecrets(
      config.getOptionalConfig('externalSecrets'),
    ),
    policy: readPolicy(root),
    costs: readCosts(root),
    decommission: readDecommission(config.getOptionalConfig('decommission')),
  };
}

/**
 * The Kubernetes namespace of a datastore's objects in an environment: the environment's
 * configured namespace (which may use `{namespace}` and `{service}`), else the service's.
 * @public
 */
export function environmentNamespace(
  config: DatastoresConfig,
  environment: Environment,
  request: { namespace: string; service: { name: string } },
): string {
  const template = config.environments[environment]?.namespace;
  if (template === undefined) return request.namespace;
  const namespace = template
    .replace(/\{namespace\}/g, request.namespace)
    .replace(/\{service\}/g, request.service.name);
  if (!DNS_LABEL.test(namespace)) {
    throw new InputError(
      `datastores.environments.${environment}.namespace gives ${JSON.stringify(
        namespace,
      )}, which is not a Kubernetes namespace (DNS-1123 label)`,
    );
  }
  return namespace;
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
