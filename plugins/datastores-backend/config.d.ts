import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  datastores?: {
    refresh?: {
      /**
       * How often requests are refreshed from their pull requests (and rediscovered from the
       * target repos). Default: every 5 minutes, the first a minute after start.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * GitHub logins whose labelled pull requests are rediscovered from their markers; any
       * other author's marker is ignored. Default: the login the GitHub integration's
       * credentials act as (GraphQL \`viewer\`). With a GitHub App, set the app's login,
       * e.g. \`my-app[bot]\` (with or without \`[bot]\`).
       */
      trustedAuthors?: string[];
    };
    /**
     * Lifecycle notifications, through Backstage's notifications backend: each datastore's
     * requester and owning group are told when its pull requests open, merge, when it is
     * ready, and when it fails or its production backups are at risk.
     */
    notifications?: {
      /** Off: nothing is sent (pages are still signalled). Default: true. */
      enabled?: boolean;
      /**
       * How often every datastore's lifecycle is checked for transitions to tell (also after
       * every request refresh). Default: every 30 seconds, the first 30 seconds after start.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /** Live status: what the clusters and the cloud say of each datastore. */
    /**
     * How long the status endpoint reuses what the catalog answered a caller for an entity
     * (the entity and its datastore Resources), in seconds. 0 turns it off. Default: 10.
     */
    catalogCacheTtlSeconds?: number;
    /** The fleet page's API (`GET /v1/datastores`). */
    fleet?: {
      /**
       * How long the fleet's statuses, computed for every datastore at once, are reused, in
       * seconds; for as long again they are answered while one recompute runs, so a row is at
       * most twice this older than the observations. Default: 10.
       */
      cacheTtlSeconds?: number;
    };
    live?: {
      /**
       * How often the collector lists the clusters, RDS and Neon (one run per cycle across
       * every backend replica). Default: every 30 seconds, the first 5 seconds after start,
       * with a timeout of a minute (a replica that dies mid-cycle holds the task that long).
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How old an observation may be and still show a green state (synced, protected,
       * ready), in seconds; older, it shows as unknown ("last seen ... ago"). Default: 120.
       */
      freshnessSeconds?: number;
      /**
       * "Refresh now" (`POST /v1/entities/:kind/:namespace/:name/refresh`): at most one refresh
       * per service in this many seconds, across replicas (through the cache service; share it,
       * e.g. Redis, for the limit to hold across replicas). Default: 30.
       */
      refreshMinIntervalSeconds?: number;
      /**
       * How long a refresh may take in one cluster for all the service's types, in ms; no single
       * call of a refresh takes longer (a user waits on it). Default: 10000.
       */
      refreshClusterDeadlineMs?: number;
      kubernetes?: {
        /**
         * Read ExternalSecrets, CloudNativePG, Dragonfly, Redis and Crossplane objects through the
         * Kubernetes backend plugin. Default: true when `kubernetes` is configured.
         */
        enabled?: boolean;
        /**
         * Timeout of one call to the Kubernetes backend (its cluster list, or one page of a
         * list through its proxy), in ms. No user waits on it. Default: 10000.
         */
        timeoutMs?: number;
        /** How long the collector may take for all the types of one cluster, in ms. Default: 20000. */
        clusterDeadlineMs?: number;
        /** Objects per list page (`limit`). Default: 500. */
        pageSize?: number;
      };
      /** Observed posture of RDS instances (`DescribeDBInstances`); off when absent. */
      rds?: {
        region: string;
        /** An endpoint other than AWS's (a VPC endpoint, or a local server in tests). */
        endpoint?: string;
        /** Static keys; the default AWS credential chain when absent. */
        accessKeyId?: string;
        /** @visibility secret */
        secretAccessKey?: string;
        /** Deadline of one read (the collector's paginated list of the region), in ms. Default: 10000. */
        timeoutMs?: number;
      };
      /** Observed posture of Neon projects (history retention, default branch); off when absent. */
      neon?: {
        /**
         * A Neon API key (personal, organization or project-scoped) that can read the projects.
         * @visibility secret
         */
        apiKey: string;
        /** Neon's API v2 (another URL for a local server in tests). Default: https://console.neon.tech/api/v2. */
        baseUrl?: string;
        /** The organization whose projects are searched (`org_id`); needed by some key types. */
        orgId?: string;
        /** Deadline of one read (the project list with each project in use), in ms. Default: 10000. */
        timeoutMs?: number;
      };
    };
  };
}
