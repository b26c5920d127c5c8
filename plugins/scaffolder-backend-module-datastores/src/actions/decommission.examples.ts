import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (name: string, input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      { id: 'decommission', action: 'datastores:decommission', name, input },
    ],
  });

/** Documented examples of `datastores:decommission`. */
export const decommissionExamples: TemplateExample[] = [
  {
    description:
      'An RDS database: the first run opens the safeguard pull request (deletion protection off, the final snapshot named); run it again once that one is merged and applied to open the removal',
    example: step('Decommission the orders database', {
      service: 'component:default/orders',
      name: 'main',
      environments: ['production'],
      confirmName: 'main',
    }),
  },
  {
    description:
      'A cache: removed at once (one GitOps pull request: the cache, its entity)',
    example: step('Decommission the orders cache', {
      service: 'component:default/orders',
      name: 'cache',
      confirmName: 'cache',
    }),
  },
];
