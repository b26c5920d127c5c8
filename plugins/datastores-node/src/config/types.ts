import {
  Environment,
  Policy,
  PriceTable,
  Provider,
  Size,
} from '@datastores/plugin-datastores-common';
import type { DatastoreProviders } from '../providers/registry';

/*
 * The shape of `datastores.*` once read and checked (`readDatastoresConfig`): what every
 * renderer and reader of the product takes.
 */

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
  /** A managed Postgres provider (`rds`, `neon`, or one a provider module installs). */
  provider: Provider;
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
  /** The installed providers: the built-in ones and those provider modules added. */
  providers: DatastoreProviders;
  decommission: DecommissionConfig;
}

/** `datastores.decommission`. @public */
export interface DecommissionConfig {
  /** Days between a Neon safeguard's merge and the earliest removal. */
  neonDeletionDelayDays: number;
}

/** The default of `datastores.decommission.neonDeletionDelayDays`. @public */
export const DEFAULT_NEON_DELETION_DELAY_DAYS = 7;

/** The defaults of `datastores.crossplane`. @public */
export const DEFAULT_CROSSPLANE_API_VERSION = 'datastores.platform.io/v1alpha1';
