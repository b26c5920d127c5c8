export interface Config {
  datastores?: {
    permissions?: {
      /**
       * Who may create managed production datastores (`datastores.provision.production`):
       * user or group entity refs, e.g. `group:default/platform`. Unset, everyone may.
       * Read by this backend's example permission policy.
       */
      productionProvisioners?: string[];
    };
  };
}
