import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  DatastoreNameField,
  validateDatastoreName,
} from '../components/DatastoreNameField';

/** The `DatastoreName` field, as the new frontend system's scaffolder loads it. */
export const datastoreNameField = createFormField({
  name: 'DatastoreName',
  component: DatastoreNameField,
  validation: validateDatastoreName,
});
