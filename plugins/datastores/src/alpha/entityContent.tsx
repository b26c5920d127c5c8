import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isDatastoresAvailable } from '../isDatastoresAvailable';
import { DATASTORES_TAB_PATH } from '../routes';

/** The "Datastores" tab of services and of datastore Resources. */
export const entityDatastoresContent = EntityContentBlueprint.make({
  name: 'datastores',
  params: {
    path: DATASTORES_TAB_PATH,
    title: 'Datastores',
    filter: isDatastoresAvailable,
    loader: () =>
      import('../components/EntityDatastoresContent').then(m => (
        <m.EntityDatastoresContent />
      )),
  },
});
