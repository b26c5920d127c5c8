import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { DatastoreDecisionPreview } from '../components/DatastoreDecisionPreview';
import {
  DatastoreNameConfirmation,
  validateNameConfirmation,
} from '../components/DatastoreNameConfirmation';
import {
  DatastoreNameField,
  validateDatastoreName,
} from '../components/DatastoreNameField';
import {
  datastoreDecisionPreviewFormField,
  datastoreNameConfirmationFormField,
  datastoreNameFormField,
} from './formField';

describe('datastoreDecisionPreviewFormField', () => {
  it('loads the DatastoreDecisionPreview field', async () => {
    const load = createExtensionTester(datastoreDecisionPreviewFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = (await load()) as unknown as {
      name: string;
      component: unknown;
    };
    expect(field.name).toBe('DatastoreDecisionPreview');
    expect(field.component).toBe(DatastoreDecisionPreview);
  });
});

describe('datastoreNameFormField', () => {
  it('loads the DatastoreName field with its validation', async () => {
    const load = createExtensionTester(datastoreNameFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = (await load()) as unknown as {
      name: string;
      component: unknown;
      validation: unknown;
    };
    expect(field.name).toBe('DatastoreName');
    expect(field.component).toBe(DatastoreNameField);
    expect(field.validation).toBe(validateDatastoreName);
  });
});

describe('datastoreNameConfirmationFormField', () => {
  it('loads the DatastoreNameConfirmation field with its validation', async () => {
    const load = createExtensionTester(datastoreNameConfirmationFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    const field = (await load()) as unknown as {
      name: string;
      component: unknown;
      validation: unknown;
    };
    expect(field.name).toBe('DatastoreNameConfirmation');
    expect(field.component).toBe(DatastoreNameConfirmation);
    expect(field.validation).toBe(validateNameConfirmation);
  });
});
