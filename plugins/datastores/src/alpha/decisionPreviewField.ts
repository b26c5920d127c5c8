import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  DatastoreDecisionPreview,
  validateDecision,
} from '../components/DatastoreDecisionPreview';

/** The `DatastoreDecisionPreview` field, as the new frontend system's scaffolder loads it. */
export const datastoreDecisionPreviewField = createFormField({
  name: 'DatastoreDecisionPreview',
  component: DatastoreDecisionPreview,
  validation: validateDecision,
});
