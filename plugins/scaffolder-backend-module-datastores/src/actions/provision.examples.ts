import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Documented examples of `datastores:provision`; provision.examples.test.ts runs each one. */
export const examples: TemplateExample[] = [
  {
    description:
      'User data in production: a Terraform pull request (RDS, its Secrets Manager secret, the Resource entity) and a GitOps pull request (the ExternalSecret)',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'datastores:provision',
          name: 'Provision the orders database',
          input: {
            service: 'component:default/orders',
            name: 'main',
            kind: 'database',
            environments: ['production'],
            criticality: 'catastrophic',
            reviewers: ['platform-lead'],
          },
        },
      ],
    }),
  },
  {
    description:
      'A Dragonfly cache in staging and production: one GitOps pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'provision',
          action: 'datastores:provision',
          name: 'Provision the orders cache',
          input: {
            service: 'component:default/orders',
            name: 'cache',
            kind: 'cache',
            environments: ['staging', 'production'],
            criticality: 'reconstructable',
            size: 'medium',
          },
        },
      ],
    }),
  },
];
