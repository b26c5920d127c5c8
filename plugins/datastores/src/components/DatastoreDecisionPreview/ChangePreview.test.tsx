import { screen, waitFor, within } from '@testing-library/react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { DatastoresApi, datastoresApiRef } from '../../api';
import {
  aDatastore,
  aDecision,
  anAnswer,
  fakeDatastoresApi,
} from '../../../fixtures/fixtures';
import { DatastoreDecisionPreview } from './DatastoreDecisionPreview';
import { DatastoreDecisionPreviewOptions } from './previewOptions';
import { NOT_ALLOWED, validateDecision } from './validateDecision';

type Props = FieldExtensionComponentProps<
  unknown,
  DatastoreDecisionPreviewOptions
>;

const uiSchema = { 'ui:options': { change: true, debounceMs: 20 } };

function preview(
  api: DatastoresApi,
  formData: Record<string, unknown>,
  onChange: jest.Mock = jest.fn(),
) {
  const props = {
    name: 'decision',
    schema: { title: 'Decision', description: 'After the change.' },
    uiSchema,
    formContext: { formData },
    onChange,
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    disabled: false,
    readonly: false,
    rawErrors: [],
  } as unknown as Props;
  return (
    <TestApiProvider apis={[[datastoresApiRef, api]]}>
      <DatastoreDecisionPreview {...props} />
    </TestApiProvider>
  );
}

// orders' users database: reconstructable, self-hosted on CloudNativePG in production.
const selfHostedUsers = aDatastore({
  criticality: 'reconstructable',
  strategy: 'self-hosted',
  provider: 'cloudnative-pg',
  size: 'small',
});
const selfHostedDecision = aDecision({
  criticality: 'reconstructable',
  strategy: 'self-hosted',
  provider: 'cloudnative-pg',
  target: 'gitops',
});
const answers = {
  service: 'component:default/orders',
  name: 'users',
  size: 'small',
  environments: ['production'],
  criticality: 'reconstructable',
};

function fakeApi(options: {
  rows?: ReturnType<typeof aDatastore>[];
  decisions?: ReturnType<typeof aDecision>[];
  allowed?: boolean;
}) {
  return fakeDatastoresApi({
    getEntityDatastores: jest.fn(async () =>
      anAnswer(options.rows ?? [selfHostedUsers]),
    ),
    decide: jest.fn(async () => ({
      decisions: options.decisions ?? [selfHostedDecision],
      allowed: options.allowed ?? true,
    })),
  });
}

describe('DatastoreDecisionPreview for a change', () => {
  it('reads the datastore, decides with its kind and engine, and says a resize is made in place', async () => {
    const fake = fakeApi({});
    const onChange = jest.fn();
    await renderInTestApp(
      preview(fake, { ...answers, size: 'large' }, onChange),
    );
    const what = await screen.findByLabelText('What changes');
    expect(
      within(what).getByRole('heading', { name: 'Changed in place' }),
    ).toBeInTheDocument();
    expect(within(what).getByText('Size: small → large.')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Now: Production: Self-hosted on CloudNativePG · small · reconstructable',
      ),
    ).toBeInTheDocument();
    expect(fake.getEntityDatastores).toHaveBeenCalledWith(
      'component:default/orders',
    );
    expect(fake.decide).toHaveBeenCalledWith({
      kind: 'database',
      engine: 'postgres',
      environments: ['production'],
      criticality: 'reconstructable',
      size: 'large',
    });
    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith(
        'In place: Production: Self-hosted on CloudNativePG',
      ),
    );
  });

  it('says when the strategy changes that a new datastore is added next to the old one', async () => {
    await renderInTestApp(
      preview(fakeApi({ decisions: [aDecision()] }), {
        ...answers,
        criticality: 'catastrophic',
      }),
    );
    const what = await screen.findByLabelText('What changes');
    expect(
      within(what).getByRole('heading', {
        name: 'A new datastore replaces it',
      }),
    ).toBeInTheDocument();
    expect(
      within(what).getByText(
        'Production: Self-hosted on CloudNativePG becomes Managed on AWS RDS.',
      ),
    ).toBeInTheDocument();
    expect(
      within(what).getByText(/adds a new datastore, users-rds, next to users/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Production: Managed on AWS RDS' }),
    ).toBeInTheDocument();
  });

  it('says when the service has no such datastore, and decides nothing', async () => {
    const fake = fakeApi({});
    await renderInTestApp(preview(fake, { ...answers, name: 'sessions' }));
    expect(await screen.findByText(/No such datastore/)).toBeInTheDocument();
    expect(
      screen.getByText(
        /component:default\/orders has no datastore named sessions/,
      ),
    ).toBeInTheDocument();
    expect(fake.decide).not.toHaveBeenCalled();
  });

  describe('its validation', () => {
    async function errorsOf(
      fake: DatastoresApi,
      formData: Record<string, unknown>,
    ) {
      const errors: string[] = [];
      await validateDecision(
        'whatever the field last wrote',
        { addError: (e: string) => errors.push(e) } as any,
        {
          apiHolder: { get: () => fake } as any,
          formData: formData as any,
          schema: {},
          uiSchema: uiSchema as any,
        },
      );
      return errors;
    }

    it('lets a real change through', async () => {
      expect(
        await errorsOf(fakeApi({}), { ...answers, size: 'medium' }),
      ).toEqual([]);
    });

    it('blocks a change that changes nothing', async () => {
      expect(await errorsOf(fakeApi({}), answers)).toEqual([
        'Nothing changes: users is already as answered. Change its size, environments or criticality.',
      ]);
    });

    it('blocks a datastore the service does not have', async () => {
      expect(
        await errorsOf(fakeApi({}), { ...answers, name: 'sessions' }),
      ).toEqual([
        "component:default/orders has no datastore named sessions: check the name on the service's Datastores card.",
      ]);
    });

    it('blocks a new managed production datastore the user may not create, not a resize of one', async () => {
      const managed = fakeApi({
        rows: [aDatastore({ size: 'small' })],
        decisions: [aDecision()],
        allowed: false,
      });
      expect(
        await errorsOf(managed, {
          ...answers,
          criticality: 'catastrophic',
          size: 'large',
        }),
      ).toEqual([]);
      expect(
        await errorsOf(fakeApi({ decisions: [aDecision()], allowed: false }), {
          ...answers,
          criticality: 'catastrophic',
        }),
      ).toEqual([NOT_ALLOWED]);
    });
  });
});
