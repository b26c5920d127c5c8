export interface Config {
  datastores?: {
    /** What the Aurora PostgreSQL clusters are made of (the example provider module). */
    aurora?: {
      /** The Aurora PostgreSQL version, e.g. `17.4`; 17.4 by default. */
      engineVersion?: string;
      /**
       * The instance class, or one per size (small, medium, large); by default db.t4g.medium,
       * db.r7g.large and db.r7g.2xlarge. Aurora runs db.r* and db.t* classes, not db.m*.
       */
      instanceClass?:
        | string
        | { small?: string; medium?: string; large?: string };
    };
  };
}
