import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { DatastoreDecisionPreview } from '../components/DatastoreDecisionPreview';
import { datastoreDecisionPreviewFormField } from './formField';

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
