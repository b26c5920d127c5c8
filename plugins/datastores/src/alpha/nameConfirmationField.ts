import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  DatastoreNameConfirmation,
  validateNameConfirmation,
} from '../components/DatastoreNameConfirmation';

/** The `DatastoreNameConfirmation` field, as the new frontend system's scaffolder loads it. */
export const datastoreNameConfirmationField = createFormField({
  name: 'DatastoreNameConfirmation',
  component: DatastoreNameConfirmation,
  validation: validateNameConfirmation,
});
