import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Documented examples of `datastores:decide`; decide.examples.test.ts runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      'User data in production and staging: a managed Postgres (RDS) through the Terraform repo in both',
    example: yaml.stringify({
      steps: [
        {
          id: 'decide',
          action: 'datastores:decide',
          name: 'Decide how to run the orders database',
          input: {
            kind: 'database',
            environments: ['production', 'staging'],
            criticality: 'catastrophic',
          },
        },
      ],
    }),
  },
  {
    description:
      'A cache in every environment: self-hosted Dragonfly through GitOps, with scheduled snapshots in production and staging',
    example: yaml.stringify({
      steps: [
        {
          id: 'decide',
          action: 'datastores:decide',
          name: 'Decide how to run the orders cache',
          input: {
            kind: 'cache',
            engine: 'dragonfly',
            environments: ['production', 'staging', 'preview', 'dev'],
            criticality: 'reconstructable',
          },
        },
      ],
    }),
  },
  {
    description:
      'A Redis cache that may start empty: no backups, which the Redis operator cannot take anyway',
    example: yaml.stringify({
      steps: [
        {
          id: 'decide',
          action: 'datastores:decide',
          name: 'Decide how to run the rate-limit cache',
          input: {
            kind: 'cache',
            engine: 'redis',
            environments: ['production', 'dev'],
            criticality: 'ephemeral',
          },
        },
      ],
    }),
  },
];
