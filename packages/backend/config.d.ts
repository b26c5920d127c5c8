export interface Config {
  datastores?: {
    permissions?: {
      /**
       * Who may create managed production datastores (`datastores.provision.production`):
       * user or group entity refs, e.g. `group:default/platform`. Unset, everyone may.
       * Read by this backend's example permission policy.
       */
      productionProvisioners?: string[];
      /**
       * Who may decommission production datastores (`datastores.decommission`): user or group
       * entity refs. Unset, nobody may (the example policy's default). Read by this backend's
       * example permission policy.
       */
      productionDecommissioners?: string[];
    };
  };
}
