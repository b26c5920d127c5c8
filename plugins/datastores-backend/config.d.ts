import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  datastores?: {
    /**
     * Register each datastore's catalog entity when its pull request merges. Turn it off when
     * a catalog provider already discovers the Terraform and GitOps repos. Default: true.
     */
    registerOnMerge?: boolean;
    refresh?: {
      /**
       * How often requests are refreshed from their pull requests (and rediscovered from the
       * target repos). Default: every 5 minutes, the first a minute after start.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
