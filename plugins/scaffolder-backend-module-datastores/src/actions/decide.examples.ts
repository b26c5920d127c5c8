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
      'A Redis cache in every environment: self-hosted through GitOps',
    example: yaml.stringify({
      steps: [
        {
          id: 'decide',
          action: 'datastores:decide',
          name: 'Decide how to run the orders cache',
          input: {
            kind: 'cache',
            engine: 'redis',
            environments: ['production', 'staging', 'preview', 'dev'],
            criticality: 'reconstructable',
          },
        },
      ],
    }),
  },
];
