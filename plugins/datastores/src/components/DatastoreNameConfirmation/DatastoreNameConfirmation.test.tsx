import { fireEvent, screen } from '@testing-library/react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { renderInTestApp } from '@backstage/test-utils';
import {
  DatastoreNameConfirmation,
  validateNameConfirmation,
} from './DatastoreNameConfirmation';

function field(typed: string | undefined, formData: Record<string, unknown>) {
  const onChange = jest.fn();
  const props = {
    name: 'confirmName',
    formData: typed,
    schema: {
      title: 'Datastore name, to confirm',
      description: 'The removal cannot be undone.',
    },
    uiSchema: {},
    formContext: { formData: { ...formData, confirmName: typed } },
    onChange,
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    required: true,
    rawErrors: [],
    idSchema: { $id: 'root_confirmName' },
  } as unknown as FieldExtensionComponentProps<string>;
  return { element: <DatastoreNameConfirmation {...props} />, onChange };
}

function errorsOf(typed: unknown, formData: Record<string, unknown>) {
  const errors: string[] = [];
  validateNameConfirmation(
    typed as string,
    { addError: (e: string) => errors.push(e) } as any,
    {
      formData: { ...formData, confirmName: typed } as any,
      schema: {},
      apiHolder: {} as any,
    },
  );
  return errors;
}

const main = { service: 'component:default/orders', name: 'main' };

describe('DatastoreNameConfirmation', () => {
  it('says what to type, and passes what is typed on', async () => {
    const { element, onChange } = field(undefined, main);
    await renderInTestApp(element);
    expect(screen.getByText('main')).toHaveTextContent(/^main$/);
    expect(screen.getByText(/to confirm\.$/)).toHaveTextContent(
      'Type main to confirm.',
    );
    fireEvent.change(
      screen.getByRole('textbox', { name: /Datastore name, to confirm/ }),
      { target: { value: 'mai' } },
    );
    expect(onChange).toHaveBeenCalledWith('mai');
  });

  it('accepts exactly the datastore name', () => {
    expect(errorsOf('main', main)).toEqual([]);
  });

  it.each(['mai', 'Main', ' main', 'main ', 'cache'])(
    'refuses %j, which is not the datastore name',
    typed => {
      expect(errorsOf(typed, main)).toEqual([
        "Type the datastore's name, main, exactly, to confirm the decommission.",
      ]);
    },
  );

  it('refuses any confirmation before the datastore is chosen', () => {
    expect(errorsOf('main', { service: 'component:default/orders' })).toEqual([
      'Choose the datastore first: its name is what you type here to confirm.',
    ]);
  });
});
