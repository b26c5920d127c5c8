export interface Config {
  /** Datastores plugins: where pull requests go and how each datastore is written. */
  datastores?: {
    /** The repositories the pull requests go to. */
    targets: {
      /** The Terraform repo (managed datastores). */
      terraform: {
        repoUrl: string;
        /** Default `main`. */
        baseBranch?: string;
        /**
         * One Terraform root module per datastore: must use {environment}, {service} and {name};
         * may use {namespace}. Default `datastores/{environment}/{service}-{name}`.
         */
        path?: string;
        /** Where the catalog entity goes. Default: `path` (as `catalog-info.yaml`). */
        catalogPath?: string;
      };
      /** The GitOps repo (self-hosted datastores, ExternalSecrets). */
      gitops: {
        repoUrl: string;
        /** Default `main`. */
        baseBranch?: string;
        /** May use {environment} {service} {name} {namespace}. Default `apps/{namespace}/{environment}`. */
        path?: string;
        /** Kept outside what the GitOps controller applies. Default `catalog/{namespace}`. */
        catalogPath?: string;
      };
    };
    /** Where each environment (production, staging, preview, dev) lives. */
    environments?: {
      [environment: string]: {
        /** Kubernetes namespace; may use {namespace} and {service}. Default: the service's namespace. */
        namespace?: string;
        /** Needed by managed datastores in this environment. */
        aws?: {
          region: string;
          dbSubnetGroupName: string;
          vpcSecurityGroupIds: string[];
          /** KMS key ARN for storage and secret encryption; default: the AWS managed keys. */
          kmsKeyId?: string;
        };
      };
    };
    managed?: {
      postgres?: {
        /**
         * The managed Postgres provider: `rds` (default), `neon`, or the id of an installed
         * provider module's (e.g. `aurora-postgresql`).
         */
        provider?: string;
        /** Days of backups (RDS) or restore history (Neon); at least 7. Default 7. */
        backupRetentionDays?: number;
        /** Postgres version. Default `17`. */
        engineVersion?: string;
        /** RDS instance class, one for all sizes or by size (small, medium, large). */
        instanceClass?:
          | string
          | { small?: string; medium?: string; large?: string };
        /** RDS storage in GiB, one for all sizes or by size. */
        allocatedStorage?:
          | number
          | { small?: number; medium?: number; large?: number };
        neon?: {
          /** Default `aws-<environments.<env>.aws.region>`. */
          regionId?: string;
          orgId?: string;
        };
      };
    };
    crossplane?: {
      /**
       * `xr` (Crossplane v2 namespaced XR, default) or `claim` (a claim of a v1 XRD: deprecated
       * in Crossplane 2, which keeps v1 XRDs only as LegacyCluster composites).
       */
      shape?: 'xr' | 'claim';
      /** Default `datastores.platform.io/v1alpha1`, `PostgresInstance`. */
      postgres?: { apiVersion?: string; kind?: string };
      /** Default `datastores.platform.io/v1alpha1`, `CacheInstance`. */
      cache?: { apiVersion?: string; kind?: string };
      /** Five-field cron of scheduled backups. Default `0 3 * * *`. */
      backupSchedule?: string;
      /** Default 7; at least 7. */
      backupRetentionDays?: number;
    };
    externalSecrets?: {
      /** Default `{ kind: ClusterSecretStore, name: aws-secrets-manager }`. */
      secretStoreRef?: {
        kind?: 'ClusterSecretStore' | 'SecretStore';
        name?: string;
      };
      /** Go duration. Default `1h`. */
      refreshInterval?: string;
    };
    /**
     * The monthly prices the estimates are made from (decision preview, Review step, pull
     * requests), merged over the shipped ones (AWS eu-west-1 on-demand, Neon's Scale plan).
     * Estimates only: a Multi-AZ RDS instance counts twice its (single-AZ) price.
     */
    costs?: {
      /** Only `USD`. */
      currency?: 'USD';
      /** Where the prices come from, e.g. "FinOps sheet 2026-Q4". Default: app-config (when prices are set). */
      source?: string;
      /** The date the prices were read, YYYY-MM-DD; required when prices are set. */
      asOf?: string;
      /**
       * Price per month by provider (rds, neon, cloudnative-pg, dragonfly, redis, or an
       * installed provider module's, which must price every size) and size (small, medium,
       * large), e.g. `prices: { rds: { small: 60 } }`. Non-negative.
       */
      prices?: {
        [provider: string]: {
          small?: number;
          medium?: number;
          large?: number;
        };
      };
    };
    /** How datastores are decommissioned (`datastores:decommission`). */
    decommission?: {
      /**
       * Days between the merge of a Neon datastore's safeguard pull request and the earliest
       * removal (deleting a Neon project deletes its history). Default 7; 0 to 90.
       */
      neonDeletionDelayDays?: number;
    };
    /**
     * Ordered rules, first match wins: `{ name?, when: {kind?, engine?, environment?,
     * criticality?}, then: {strategy, provider?} | {refuse}, reason? }`. Default: refuse a
     * catastrophic cache, catastrophic data in dev or preview and an ephemeral production
     * database; then catastrophic data is managed (`datastores.managed.postgres.provider`: RDS
     * or Neon), everything else self-hosted (`defaultPolicy` in `-common`).
     */
    policy?: Array<{
      name?: string;
      when?: {
        kind?: string | string[];
        engine?: string | string[];
        environment?: string | string[];
        criticality?: string | string[];
      };
      then: { strategy?: string; provider?: string; refuse?: string };
      reason?: string;
    }>;
  };
}
