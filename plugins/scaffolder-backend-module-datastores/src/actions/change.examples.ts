import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (name: string, input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [{ id: 'change', action: 'datastores:change', name, input }],
  });

/** Documented examples of `datastores:change`. */
export const changeExamples: TemplateExample[] = [
  {
    description:
      'Resize: one pull request per repo edits the files in place (only the size changes)',
    example: step('Resize the orders database', {
      service: 'component:default/orders',
      name: 'main',
      size: 'medium',
    }),
  },
  {
    description:
      'Add an environment and drop one whose data needs no keeping (an ephemeral preview database)',
    example: step('Move the orders fixtures database from preview to dev', {
      service: 'component:default/orders',
      name: 'fixtures',
      environments: ['dev'],
    }),
  },
  {
    description:
      'A change of strategy: reconstructable data becomes catastrophic, so the policy moves it to a managed service; a new datastore "main-rds" is added next to "main" with a migration checklist, and "main" stays until it is decommissioned',
    example: step('Make the orders database managed', {
      service: 'component:default/orders',
      name: 'main',
      criticality: 'catastrophic',
      newName: 'main-rds',
    }),
  },
];
