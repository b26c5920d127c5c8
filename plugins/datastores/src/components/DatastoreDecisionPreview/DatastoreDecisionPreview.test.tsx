import { screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { DatastoresApi, datastoresApiRef } from '../../api';
import { aDecision, fakeDatastoresApi } from '../../../fixtures/fixtures';
import {
  DatastoreDecisionPreview,
  DatastoreDecisionPreviewOptions,
} from './DatastoreDecisionPreview';
import { validateDecision } from './validateDecision';

type Props = FieldExtensionComponentProps<
  unknown,
  DatastoreDecisionPreviewOptions
>;

function fieldProps(
  formData: Record<string, unknown>,
  debounceMs: number,
  onChange: jest.Mock = jest.fn(),
): Props {
  return {
    name: 'decision',
    schema: {
      title: 'Decision',
      description: 'How each environment will be run.',
    },
    uiSchema: { 'ui:options': { debounceMs } },
    formContext: { formData },
    onChange,
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    disabled: false,
    readonly: false,
    rawErrors: [],
  } as unknown as Props;
}

function preview(
  api: DatastoresApi,
  formData: Record<string, unknown>,
  debounceMs = 20,
  onChange?: jest.Mock,
) {
  return (
    <TestApiProvider apis={[[datastoresApiRef, api]]}>
      <DatastoreDecisionPreview
        {...fieldProps(formData, debounceMs, onChange)}
      />
    </TestApiProvider>
  );
}

const productionAndDev = {
  service: 'component:default/orders',
  name: 'users',
  kind: 'database',
  engine: 'postgres',
  environments: ['production', 'dev'],
  criticality: 'catastrophic',
};

describe('DatastoreDecisionPreview', () => {
  it('says which answers it still needs, and asks nothing', async () => {
    const api = fakeDatastoresApi();
    await renderInTestApp(preview(api, { kind: 'database' }));
    expect(
      screen.getByText(
        'Choose at least one environment, the data criticality to see how it will be run.',
      ),
    ).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 50));
    expect(api.decide).not.toHaveBeenCalled();
  });

  it("shows each environment's decision", async () => {
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [
          aDecision(),
          aDecision({
            environment: 'dev',
            criticality: 'ephemeral',
            strategy: 'self-hosted',
            provider: 'cloudnative-pg',
            target: 'gitops',
            rationale:
              'Rule 5 (otherwise-self-hosted): the data can be rebuilt or recreated, so it is self-hosted through Crossplane. Self-hosted postgres on cloudnative-pg, through the GitOps repo.',
            rule: 'otherwise-self-hosted',
            ruleNumber: 5,
            reason:
              'the data can be rebuilt or recreated, so it is self-hosted through Crossplane',
            backup: {
              ...aDecision().backup,
              mode: 'none',
              summary: 'No backups: the data is recreated from fixtures.',
            },
          }),
        ],
      })),
    });
    await renderInTestApp(preview(api, productionAndDev));

    const decisions = await screen.findByRole('list', {
      name: 'Decisions by environment',
    });
    const [production, dev] = within(decisions).getAllByRole('listitem');
    expect(
      within(production).getByRole('heading', {
        name: 'Production: Managed on AWS RDS',
      }),
    ).toBeInTheDocument();
    expect(
      within(production).getByText('A pull request to the Terraform repo'),
    ).toBeInTheDocument();
    expect(
      within(production).getByText(
        'Losing the data would be catastrophic, so a managed service runs and backs it up. Managed PostgreSQL on AWS RDS, through the Terraform repo.',
      ),
    ).toBeInTheDocument();
    expect(
      within(production).getByText('Rule 4 · catastrophic-is-managed'),
    ).toBeInTheDocument();
    expect(
      within(production).getByText('Managed', { selector: '.MuiChip-label' }),
    ).toBeInTheDocument();
    expect(
      within(production).getByText(
        'Automated backups with point-in-time recovery.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dev).getByRole('heading', {
        name: 'Dev: Self-hosted on CloudNativePG',
      }),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('A pull request to the GitOps repo'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('No backups: the data is recreated from fixtures.'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText(
        'The data can be rebuilt or recreated, so it is self-hosted through Crossplane. Self-hosted PostgreSQL on CloudNativePG, through the GitOps repo.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('Rule 5 · otherwise-self-hosted'),
    ).toBeInTheDocument();
    expect(
      within(dev).getByText('Self-hosted', { selector: '.MuiChip-label' }),
    ).toBeInTheDocument();
    // The rule's id is on its own line, never in the prose.
    expect(within(decisions).queryByText(/Rule \d \(/)).not.toBeInTheDocument();

    expect(api.decide).toHaveBeenCalledTimes(1);
    expect(api.decide).toHaveBeenCalledWith({
      kind: 'database',
      engine: 'postgres',
      environments: ['production', 'dev'],
      criticality: 'catastrophic',
    });
    expect(screen.queryByText(/You may not provision/)).not.toBeInTheDocument();
  });

  it('says why without a reason when the rule has none', async () => {
    const { reason: _, ...bare } = aDecision({
      environment: 'staging',
      rule: 'staging-managed',
      ruleNumber: 1,
      rationale:
        'Rule 1 (staging-managed). Managed postgres on rds, through the Terraform repo.',
    });
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({ allowed: true, decisions: [bare] })),
    });
    await renderInTestApp(
      preview(api, { ...productionAndDev, environments: ['staging'] }),
    );
    const decisions = await screen.findByRole('list', {
      name: 'Decisions by environment',
    });
    expect(
      within(decisions).getByRole('heading', {
        level: 4,
        name: 'Staging: Managed on AWS RDS',
      }),
    ).toBeInTheDocument();
    expect(
      within(decisions).getByText(
        'Managed PostgreSQL on AWS RDS, through the Terraform repo.',
      ),
    ).toBeInTheDocument();
    expect(
      within(decisions).getByText('Rule 1 · staging-managed'),
    ).toBeInTheDocument();
  });

  it('asks once the answers have settled', async () => {
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [aDecision()],
      })),
    });
    const { rerender } = await renderInTestApp(
      preview(api, { ...productionAndDev, environments: ['dev'] }, 300),
    );
    rerender(preview(api, { ...productionAndDev, environments: ['staging'] }));
    rerender(
      preview(api, { ...productionAndDev, environments: ['production'] }),
    );
    await screen.findByRole('list', { name: 'Decisions by environment' });
    await waitFor(() => expect(api.decide).toHaveBeenCalled());
    expect(api.decide).toHaveBeenCalledTimes(1);
    expect(api.decide.mock.calls[0][0].environments).toEqual(['production']);
  });

  it('shows the reason the backend refused', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              'a cache holds data rebuilt from elsewhere; if its loss would be catastrophic it is a database',
          },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const api = fakeDatastoresApi({
      decide: jest.fn().mockRejectedValue(refusal),
    });
    await renderInTestApp(
      preview(api, {
        kind: 'cache',
        environments: ['production'],
        criticality: 'catastrophic',
      }),
    );
    expect(
      await screen.findByText(/This datastore cannot be provisioned as asked/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'a cache holds data rebuilt from elsewhere; if its loss would be catastrophic it is a database',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Request failed with 400/),
    ).not.toBeInTheDocument();
  });

  it('warns when the user may not provision what was decided', async () => {
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: false,
        decisions: [aDecision()],
      })),
    });
    await renderInTestApp(preview(api, productionAndDev));
    expect(
      await screen.findByText(
        /You may not provision a managed production datastore/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Ask the platform team/)).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Production: Managed on AWS RDS' }),
    ).toBeInTheDocument();
  });

  it('shows every environment, marks the refused one and says what to do', async () => {
    const onChange = jest.fn();
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [aDecision()],
        refusals: [
          {
            environment: 'preview' as const,
            reason:
              'Refused a catastrophic postgres database in preview: catastrophic data does not belong in a throw-away environment [Rule 2 (no-catastrophic-in-throwaway-environments)]',
            hint: 'Untick preview to provision the other environments, or ask for preview separately as ephemeral (recreated from fixtures).',
          },
        ],
      })),
    });
    await renderInTestApp(
      preview(
        api,
        { ...productionAndDev, environments: ['production', 'preview'] },
        20,
        onChange,
      ),
    );
    const decisions = await screen.findByRole('list', {
      name: 'Decisions by environment',
    });
    const [production, refused] = within(decisions).getAllByRole('listitem');
    expect(
      within(production).getByRole('heading', {
        name: 'Production: Managed on AWS RDS',
      }),
    ).toBeInTheDocument();
    expect(
      within(refused).getByRole('heading', { name: 'Preview: refused' }),
    ).toBeInTheDocument();
    expect(
      within(refused).getByText(/ask for preview separately as ephemeral/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/This datastore cannot be provisioned as asked/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith(
        'Production: Managed on AWS RDS · Preview: refused',
      ),
    );
  });

  it('totals only the environments decided when one is refused', async () => {
    const onChange = jest.fn();
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [aDecision()],
        refusals: [
          {
            environment: 'preview' as const,
            reason: 'Refused: catastrophic data in preview',
            hint: 'Untick preview to provision the other environments.',
          },
        ],
        cost: {
          perEnvironment: [
            {
              environment: 'production' as const,
              provider: 'rds' as const,
              monthly: 110,
              multiAz: true as const,
            },
          ],
          totalMonthly: 110,
          currency: 'USD' as const,
          source: 'the defaults',
          asOf: '2026-12-01',
        },
      })),
    });
    await renderInTestApp(
      preview(
        api,
        { ...productionAndDev, environments: ['production', 'preview'] },
        20,
        onChange,
      ),
    );
    expect(
      await screen.findByText(
        'Estimated cost: about $110/month in total for the environments decided',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith(
        'Production: Managed on AWS RDS · Preview: refused · about $110/month in total',
      ),
    );
  });

  it("shows each environment's estimated cost, the total and where it comes from", async () => {
    const onChange = jest.fn();
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [
          aDecision(),
          aDecision({
            environment: 'dev',
            strategy: 'self-hosted',
            provider: 'cloudnative-pg',
            target: 'gitops',
          }),
        ],
        cost: {
          perEnvironment: [
            {
              environment: 'production' as const,
              provider: 'rds' as const,
              monthly: 296,
              multiAz: true as const,
            },
            {
              environment: 'dev' as const,
              provider: 'cloudnative-pg' as const,
              monthly: 74.4,
            },
          ],
          totalMonthly: 370.4,
          currency: 'USD' as const,
          source: 'FinOps sheet',
          asOf: '2026-11-30',
        },
      })),
    });
    await renderInTestApp(
      preview(api, { ...productionAndDev, size: 'medium' }, 20, onChange),
    );
    const decisions = await screen.findByRole('list', {
      name: 'Decisions by environment',
    });
    const [production, dev] = within(decisions).getAllByRole('listitem');
    expect(within(production).getByText('Cost')).toBeInTheDocument();
    expect(
      within(production).getByText(
        'about $296/month (Multi-AZ: primary and standby)',
      ),
    ).toBeInTheDocument();
    expect(within(dev).getByText('about $74/month')).toBeInTheDocument();
    expect(
      screen.getByText('Estimated cost: about $370/month in total'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Estimated, from FinOps sheet as of 2026-11-30\. What you pay depends on usage/,
      ),
    ).toBeInTheDocument();
    // The size the form has is what the estimate is for.
    expect(api.decide).toHaveBeenCalledWith({
      kind: 'database',
      engine: 'postgres',
      environments: ['production', 'dev'],
      criticality: 'catastrophic',
      size: 'medium',
    });
    // The Review step's line ends with the total.
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith(
        'Production: Managed on AWS RDS · Dev: Self-hosted on CloudNativePG · about $370/month in total',
      ),
    );
  });

  it('shows no cost from a backend that gives none', async () => {
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [aDecision()],
      })),
    });
    await renderInTestApp(preview(api, productionAndDev));
    const decisions = await screen.findByRole('list', {
      name: 'Decisions by environment',
    });
    expect(within(decisions).queryByText('Cost')).not.toBeInTheDocument();
    expect(screen.queryByText(/Estimated cost/)).not.toBeInTheDocument();
  });

  it('writes the decision, or the refusal, as its value for the Review step', async () => {
    const onChange = jest.fn();
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [
          aDecision(),
          aDecision({
            environment: 'dev',
            strategy: 'self-hosted',
            provider: 'cloudnative-pg',
          }),
        ],
      })),
    });
    await renderInTestApp(preview(api, productionAndDev, 20, onChange));
    await waitFor(() =>
      expect(onChange).toHaveBeenLastCalledWith(
        'Production: Managed on AWS RDS · Dev: Self-hosted on CloudNativePG',
      ),
    );

    const refused = jest.fn();
    await renderInTestApp(
      preview(
        fakeDatastoresApi({
          decide: jest.fn().mockRejectedValue(new Error('no such rule')),
        }),
        productionAndDev,
        20,
        refused,
      ),
    );
    await waitFor(() =>
      expect(refused).toHaveBeenLastCalledWith('Refused: no such rule'),
    );
  });
});

describe('validateDecision', () => {
  async function errorsFor(
    api: DatastoresApi,
    formData: Record<string, unknown>,
  ) {
    const errors: string[] = [];
    await validateDecision(
      'whatever the field last wrote',
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => api } as any,
        formData: formData as any,
        schema: {},
      },
    );
    return errors;
  }

  it('blocks the step with the reason when the request is refused', async () => {
    const api = fakeDatastoresApi({
      decide: jest
        .fn()
        .mockRejectedValue(
          new Error(
            'catastrophic data does not belong in a throw-away environment',
          ),
        ),
    });
    expect(await errorsFor(api, productionAndDev)).toEqual([
      'This datastore cannot be provisioned as asked: catastrophic data does not belong in a throw-away environment',
    ]);
    // Asked from the answers as they are now, not from what the preview last showed.
    expect(api.decide).toHaveBeenCalledWith({
      kind: 'database',
      engine: 'postgres',
      environments: ['production', 'dev'],
      criticality: 'catastrophic',
    });
  });

  it('blocks the step for each refused environment, with what to do', async () => {
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [aDecision()],
        refusals: [
          {
            environment: 'dev' as const,
            reason: 'Refused a catastrophic postgres database in dev: no',
            hint: 'Untick dev to provision the other environments.',
          },
        ],
      })),
    });
    expect(await errorsFor(api, productionAndDev)).toEqual([
      'This datastore cannot be provisioned as asked: Refused a catastrophic postgres database in dev: no Untick dev to provision the other environments.',
    ]);
  });

  it('blocks the step when the user may not provision what was decided', async () => {
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: false,
        decisions: [aDecision()],
      })),
    });
    expect(await errorsFor(api, productionAndDev)).toEqual([
      expect.stringContaining('You may not provision a managed production'),
    ]);
  });

  it('lets a request that can be provisioned through, and asks nothing while answers are missing', async () => {
    const api = fakeDatastoresApi({
      decide: jest.fn(async () => ({
        allowed: true,
        decisions: [aDecision()],
      })),
    });
    expect(await errorsFor(api, productionAndDev)).toEqual([]);
    expect(await errorsFor(api, { kind: 'database' })).toEqual([]);
    expect(api.decide).toHaveBeenCalledTimes(1);
  });
});
