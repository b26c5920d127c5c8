import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { createChangeAction } from './actions/change';
import { createDecommissionAction } from './actions/decommission';
import { DayTwoActionOptions } from './actions/dayTwo';
import { pullRequestLinks } from './actions/provision';
import { renderTemplateOutput } from '../fixtures/renderTemplateOutput';

/**
 * "Change datastore" and "Decommission datastore" against their actions: the catalog accepts
 * them, every answer the step passes is an input the action declares and a question the form
 * asks, and the pull request options are asked by the same rules as in "Provision datastore".
 */
const read = (name: string) =>
  parse(
    fs.readFileSync(
      path.resolve(__dirname, `../../../templates/${name}/template.yaml`),
      'utf8',
    ),
  );
const provision = read('provision-datastore');
const unused = undefined as unknown as DayTwoActionOptions;

/** Every property the form asks, across its pages and the branches of its dependencies. */
function questions(template: any): Record<string, any> {
  return Object.assign(
    {},
    ...template.spec.parameters.flatMap((page: any) => [
      page.properties ?? {},
      ...Object.values(page.dependencies ?? {}).flatMap((d: any) =>
        (d.oneOf ?? []).map((branch: any) => branch.properties ?? {}),
      ),
    ]),
  );
}

describe.each([
  ['change-datastore', createChangeAction(unused)],
  ['decommission-datastore', createDecommissionAction(unused)],
] as const)('templates/%s/template.yaml', (name, action) => {
  const template = read(name);
  const [step] = template.spec.steps;
  const asked = questions(template);

  it('is a template the catalog accepts', async () => {
    expect(await templateEntityV1beta3Validator.check(template)).toBe(true);
  });

  it(`passes only answers ${action.id} declares, each one the form asks`, () => {
    expect(step.action).toBe(action.id);
    const declared = Object.keys(
      (action.schema?.input as any)?.properties ?? {},
    );
    expect(declared.length).toBeGreaterThan(5);
    expect(Object.keys(step.input).length).toBeGreaterThan(5);
    for (const [key, value] of Object.entries(step.input)) {
      expect(declared).toContain(key);
      expect(value).toBe(`\${{ parameters.${key} }}`);
      expect(Object.keys(asked)).toContain(key);
    }
  });

  it('asks reviewers, team reviewers and labels by the rules of "Provision datastore"', () => {
    const rules = questions(provision);
    for (const field of ['reviewers', 'teamReviewers', 'labels']) {
      expect(asked[field]).toEqual(rules[field]);
    }
  });
});

describe('templates/decommission-datastore/template.yaml', () => {
  it('asks for the name again, in the confirmation field, before anything opens', () => {
    const template = read('decommission-datastore');
    const confirm = template.spec.parameters.find(
      (p: any) => p.properties?.confirmName,
    );
    expect(confirm.required).toContain('confirmName');
    expect(confirm.properties.confirmName['ui:field']).toBe(
      'DatastoreNameConfirmation',
    );
  });
});

describe.each([
  [
    'change-datastore',
    'change',
    { mode: 'in-place' },
    'Follow the change on the Datastores tab',
  ],
  [
    'decommission-datastore',
    'decommission',
    { phase: 'safeguard' },
    'Follow the decommission on the Datastores tab',
  ],
] as const)(
  'the task page links of templates/%s/template.yaml',
  (name, stepId, stepOutput, tabTitle) => {
    const template = read(name);
    const pullRequest = {
      target: 'terraform' as const,
      repo: 'acme/infra-terraform',
      url: 'https://github.com/acme/infra-terraform/pull/9',
      number: 9,
    };
    const render = (pullRequests: Array<typeof pullRequest>) =>
      renderTemplateOutput(template, {
        parameters: { service: 'component:shop/orders', name: 'main' },
        steps: {
          [stepId]: {
            output: {
              ...stepOutput,
              pullRequests,
              links: pullRequestLinks(pullRequests),
            },
          },
        },
      });

    it("links the service's Datastores tab first, where it is followed, then each pull request", () => {
      expect(template.spec.steps.map((s: any) => s.id)).toContain(stepId);
      const tab = {
        title: tabTitle,
        url: '/catalog/shop/component/orders/datastores',
      };
      expect(render([pullRequest]).links).toEqual([
        tab,
        {
          title: 'acme/infra-terraform#9 (terraform)',
          url: pullRequest.url,
          icon: 'github',
        },
      ]);
      // A dry run opens none: the tab stays.
      expect(render([]).links).toEqual([tab]);
    });
  },
);
