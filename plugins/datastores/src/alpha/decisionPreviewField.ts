import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { DatastoreDecisionPreview } from '../components/DatastoreDecisionPreview';

/** The `DatastoreDecisionPreview` field, as the new frontend system's scaffolder loads it. */
export const datastoreDecisionPreviewField = createFormField({
  name: 'DatastoreDecisionPreview',
  component: DatastoreDecisionPreview,
});
