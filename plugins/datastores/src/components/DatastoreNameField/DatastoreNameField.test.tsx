import { screen, within } from '@testing-library/react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  DatastoreNameField,
  validateDatastoreName,
} from './DatastoreNameField';

function field(name: string | undefined, formData: Record<string, unknown>) {
  const props = {
    name: 'name',
    formData: name,
    schema: { title: 'Datastore name', description: 'e.g. main' },
    uiSchema: {},
    formContext: { formData: { ...formData, name } },
    onChange: jest.fn(),
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    required: true,
    rawErrors: [],
    idSchema: { $id: 'root_name' },
  } as unknown as FieldExtensionComponentProps<string>;
  return <DatastoreNameField {...props} />;
}

function errorsOf(name: unknown, formData: Record<string, unknown>) {
  const errors: string[] = [];
  validateDatastoreName(
    name as string,
    { addError: (e: string) => errors.push(e) } as any,
    { formData: formData as any, schema: {}, apiHolder: {} as any },
  );
  return errors;
}

const orders = { service: 'component:default/orders', kind: 'database' };

describe('DatastoreNameField', () => {
  it('shows the names it leads to, live, for every environment until they are chosen', async () => {
    await renderInTestApp(field('sessions', orders));
    const names = screen.getByRole('list', { name: 'Derived names' });
    expect(
      within(names)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'orders-sessions-production (26)',
      'orders-sessions-staging (23)',
      'orders-sessions-preview (23)',
      'orders-sessions-dev (19)',
    ]);
    expect(screen.getByText(/at most 50 characters/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Datastore name/ })).toHaveValue(
      'sessions',
    );
  });

  it('marks a derived name that is too long, and only the chosen environments count', async () => {
    const long = 'a'.repeat(40);
    await renderInTestApp(
      field(long, { ...orders, environments: ['production'] }),
    );
    const [production] = within(
      screen.getByRole('list', { name: 'Derived names' }),
    ).getAllByRole('listitem');
    expect(production).toHaveTextContent(
      `orders-${long}-production (58, 8 too many)`,
    );
  });

  it('says in words what is wrong, by the action’s rules', () => {
    expect(errorsOf('sessions', orders)).toEqual([]);
    expect(errorsOf('Sessions!', orders)).toEqual([
      expect.stringMatching(
        /^name must be lower-case letters \(a-z\), digits and single hyphens/,
      ),
    ]);
    expect(errorsOf('a'.repeat(40), orders)).toEqual([
      expect.stringContaining(
        `"orders-${'a'.repeat(
          40,
        )}-production" is 58 characters; a database allows 50 (CloudNativePG's webhook refuses Cluster names over 50 characters)`,
      ),
    ]);
    // A cache's names end up in StatefulSets: 52.
    expect(errorsOf('a'.repeat(34), { ...orders, kind: 'cache' })).toEqual([]);
    expect(errorsOf(undefined, orders)).toEqual([
      expect.stringContaining('name is required'),
    ]);
  });
});
