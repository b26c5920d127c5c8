import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  DEFAULT_POLICY,
  MAX_GITHUB_LABEL_LENGTH,
  MAX_GITHUB_LOGIN_LENGTH,
  MAX_GITHUB_TEAM_SLUG_LENGTH,
  pullRequestOptionProblems,
  TARGETS,
} from '@datastores/plugin-datastores-common';
import Ajv from 'ajv';
import fs from 'fs';
import { validate as validateJsonSchema } from 'jsonschema';
import path from 'path';
import { parse } from 'yaml';
import { renderTemplateOutput } from '../fixtures/renderTemplateOutput';
import { createDecideAction } from './actions/decide';
import { createProvisionAction, pullRequestLinks } from './actions/provision';

/**
 * The "Provision datastore" template's form refuses what datastores:provision refuses, and
 * passes what it takes through. Both validators that see the form are checked: the form's
 * (ajv, through @rjsf/validator-ajv8) and the scaffolder backend's (jsonschema, page by page).
 */
const templatePath = path.resolve(
  __dirname,
  '../../../templates/provision-datastore/template.yaml',
);
const template = parse(fs.readFileSync(templatePath, 'utf8'));
const pages: Array<Record<string, any>> = template.spec.parameters;
const page = pages.find(p => p.properties?.reviewers)!;

type Field = 'reviewers' | 'teamReviewers' | 'labels';
const FIELDS: Field[] = ['reviewers', 'teamReviewers', 'labels'];

const good: Array<[field: Field, value: string]> = [
  ['reviewers', 'alice'],
  ['reviewers', 'Bob-Smith'],
  ['reviewers', 'a'],
  ['reviewers', 'a1-b2-c3'],
  ['reviewers', 'x'.repeat(39)],
  ['teamReviewers', 'platform'],
  ['teamReviewers', 'acme/platform'],
  ['teamReviewers', 'Acme-Corp/db_admins'],
  ['teamReviewers', '9team'],
  ['teamReviewers', `${'o'.repeat(39)}/team`],
  ['teamReviewers', `acme/${'t'.repeat(100)}`],
  ['labels', 'bug'],
  ['labels', 'needs review'],
  ['labels', 'priority: high'],
  ['labels', '🚀 deploy'],
  ['labels', '$5 {x}'],
  ['labels', 'l'.repeat(50)],
  ['labels', '🚀'.repeat(50)],
];

const hostile: Array<[field: Field, value: unknown]> = [
  ...(['reviewers', 'teamReviewers'] as const).flatMap(field =>
    [
      'a b',
      '../x',
      'x\ny',
      '${{ github.token }}',
      '',
      '-x',
      '@alice',
      'а', // Cyrillic
      'x\u200b',
      42,
      ['x'],
    ].map(value => [field, value] as [Field, unknown]),
  ),
  ['reviewers', 'x'.repeat(40)],
  ['reviewers', 'x-'],
  ['reviewers', 'a--b'],
  ['reviewers', 'a_b'],
  ['reviewers', 'acme/alice'],
  ['teamReviewers', 'org/team/extra'],
  ['teamReviewers', 'Platform'],
  ['teamReviewers', 'acme/Platform'],
  ['teamReviewers', '_team'],
  ['teamReviewers', 'acme/'],
  ['teamReviewers', '/team'],
  ['teamReviewers', '-acme/team'],
  ['teamReviewers', 'acme-/team'],
  ['teamReviewers', 'ac--me/team'],
  ['teamReviewers', `${'o'.repeat(40)}/team`],
  ['teamReviewers', 't'.repeat(101)],
  ['labels', 'a\nb'],
  ['labels', 'l'.repeat(100)],
  ['labels', 'l'.repeat(51)],
  ['labels', '🚀'.repeat(51)],
  ['labels', ''],
  ['labels', 'a\tb'],
  ['labels', 'a\r\nb'],
  ['labels', 'a\u0000b'],
  ['labels', 'a\u007fb'],
  ['labels', 'a\u0085b'],
  ['labels', ' bug'],
  ['labels', 'bug '],
  ['labels', 'bug\u00a0'],
  ['labels', 'bug\u2028'],
  ['labels', ' '],
  ['labels', 'a,b'],
  ['labels', '${{ github.token }}'],
  ['labels', 'x ${{ secrets.TOKEN }}'],
  ['labels', 42],
  ['labels', null],
  ['labels', { name: 'bug' }],
];

// What the form uses (@rjsf/validator-ajv8's settings), and what the backend uses.
const ajv = new Ajv({ allErrors: true, strict: false });
const validators: Array<[name: string, valid: (values: object) => boolean]> = [
  ['ajv (the form)', values => ajv.validate(page, values) as boolean],
  [
    'jsonschema (the scaffolder backend)',
    values => validateJsonSchema(values, page).valid,
  ],
];

describe('templates/provision-datastore/template.yaml', () => {
  it('asks for reviewers, team reviewers and labels, optionally, on its last page', () => {
    expect(pages[pages.length - 1]).toBe(page);
    expect(page.title).toBeTruthy();
    expect(page.required ?? []).toEqual([]);
    for (const field of FIELDS) {
      const property = page.properties[field];
      expect(property).toMatchObject({
        type: 'array',
        uniqueItems: true,
        items: { type: 'string', pattern: expect.any(String) },
      });
      expect(property.description).toBeTruthy();
    }
    expect(page.properties.reviewers.items.maxLength).toBe(
      MAX_GITHUB_LOGIN_LENGTH,
    );
    expect(page.properties.teamReviewers.items.maxLength).toBe(
      MAX_GITHUB_LOGIN_LENGTH + 1 + MAX_GITHUB_TEAM_SLUG_LENGTH,
    );
    expect(page.properties.labels.items.maxLength).toBe(
      MAX_GITHUB_LABEL_LENGTH,
    );
  });

  it('asks for the size before the decision preview, which estimates the cost at it', () => {
    const where = pages.find(p => p.properties?.decision)!;
    const keys = Object.keys(where.properties);
    expect(keys.indexOf('size')).toBeGreaterThanOrEqual(0);
    expect(keys.indexOf('size')).toBeLessThan(keys.indexOf('decision'));
  });

  it('passes reviewers, teamReviewers and labels to datastores:provision', () => {
    const provision = template.spec.steps.find(
      (s: any) => s.action === 'datastores:provision',
    );
    expect(provision.input).toMatchObject({
      reviewers: '${{ parameters.reviewers }}',
      teamReviewers: '${{ parameters.teamReviewers }}',
      labels: '${{ parameters.labels }}',
    });
  });

  it('has a corpus with every hostile value of the issue', () => {
    for (const field of ['reviewers', 'teamReviewers'] as const) {
      for (const value of ['a b', '../x', 'x\ny', '${{ github.token }}']) {
        expect(hostile).toContainEqual([field, value]);
      }
    }
    expect(hostile).toContainEqual(['labels', 'a\nb']);
    expect(hostile).toContainEqual(['labels', 'l'.repeat(100)]);
  });

  describe.each(validators)('by %s', (_name, valid) => {
    it('takes a form without any of them', () => {
      expect(valid({})).toBe(true);
    });

    it.each(good)('accepts %s %j, as the action does', (field, value) => {
      expect(pullRequestOptionProblems({ [field]: [value] })).toEqual([]);
      expect(valid({ [field]: [value] })).toBe(true);
    });

    it.each(hostile)('refuses %s %j, as the action does', (field, value) => {
      expect(pullRequestOptionProblems({ [field]: [value] })).not.toEqual([]);
      expect(valid({ [field]: [value] })).toBe(false);
    });

    it.each(FIELDS)(
      'refuses %s that is not a list, or lists a value twice',
      field => {
        const value = good.find(g => g[0] === field)![1];
        expect(valid({ [field]: value })).toBe(false);
        expect(valid({ [field]: [value, value] })).toBe(false);
      },
    );
  });
});

describe('a kind other than database or cache, from the template to the actions', () => {
  const provision = createProvisionAction({
    config: undefined,
    catalog: {} as any,
    permissions: {} as any,
    engine: {} as any,
    recordRequest: async () => {},
    nameOwners: async () => ({ stem: '', owners: [] }),
  });
  const decide = createDecideAction({ policy: DEFAULT_POLICY });
  const decideInput = {
    kind: 'service',
    environments: ['dev'],
    criticality: 'ephemeral',
  };
  const provisionInput = {
    ...decideInput,
    service: 'component:default/orders',
    name: 'main',
  };

  it.each([
    ['datastores:provision', provision, provisionInput],
    ['datastores:decide', decide, decideInput],
  ] as const)(
    'passes the scaffolder input schema of %s, so the action says why, not "is not one of enum values"',
    async (_id, action, input) => {
      // What the scaffolder checks every step's input against before the handler runs.
      const checked = validateJsonSchema(input, action.schema!.input as any);
      expect(checked.errors.map(e => e.stack)).toEqual([]);

      const ctx = createMockActionContext({ input: input as any });
      await expect(action.handler(ctx as any)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(
          'kind must be one of database, cache; got "service": application services are stateless; state lives in a database or a cache',
        ),
      });
    },
  );
});

describe('the task page links of templates/provision-datastore/template.yaml', () => {
  const renderOutput = (provisionOutput: Record<string, unknown>) =>
    renderTemplateOutput(template, {
      parameters: { service: 'component:shop/orders', name: 'main' },
      steps: { provision: { output: provisionOutput } },
    });

  // Where the new datastore is followed to ready: its lifecycle, on the service's tab.
  const datastoresTab = {
    title: 'Follow it to ready on the Datastores tab',
    url: '/catalog/shop/component/orders/datastores',
  };
  const pullRequests = [
    {
      target: 'terraform' as const,
      repo: 'acme/infra-terraform',
      url: 'https://github.com/acme/infra-terraform/pull/7',
      number: 7,
    },
    {
      target: 'gitops' as const,
      repo: 'acme/infra-gitops',
      url: 'https://github.com/acme/infra-gitops/pull/12',
      number: 12,
    },
  ];

  it('is a template the catalog accepts (output.links is a list there)', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it('shows the datastores tab, then one GitHub button per pull request, and what the tab follows', () => {
    const output = renderOutput({
      pullRequests,
      links: pullRequestLinks(pullRequests),
    });
    expect(output).toEqual({
      text: [
        {
          title: 'Follow it to ready',
          content: expect.stringContaining(
            'through requested, merged, applied and ready',
          ),
        },
      ],
      links: [
        datastoresTab,
        {
          title: 'acme/infra-terraform#7 (terraform)',
          url: 'https://github.com/acme/infra-terraform/pull/7',
          icon: 'github',
        },
        {
          title: 'acme/infra-gitops#12 (gitops)',
          url: 'https://github.com/acme/infra-gitops/pull/12',
          icon: 'github',
        },
      ],
    });
  });

  it('shows as many buttons as there are pull requests', () => {
    expect(
      renderOutput({
        pullRequests: [pullRequests[1]],
        links: pullRequestLinks([pullRequests[1]]),
      }).links,
    ).toEqual([
      datastoresTab,
      {
        title: 'acme/infra-gitops#12 (gitops)',
        url: 'https://github.com/acme/infra-gitops/pull/12',
        icon: 'github',
      },
    ]);
    // A dry run opens none.
    expect(renderOutput({ pullRequests: [], links: [] }).links).toEqual([
      datastoresTab,
    ]);
  });

  it('has a button for each target repo, the most pull requests one run opens', () => {
    const buttons = template.spec.output.links.filter((l: any) => l.if);
    expect(buttons).toHaveLength(TARGETS.length);
  });
});
