import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      datastores?: {
        /**
         * How often the datastores entity provider reads the target repos (datastores.targets).
         * Default: every 2 minutes, 1-minute timeout, first run 10 seconds after start. A GitHub
         * push to a target repo also runs it at once.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
