import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isDatastoresAvailable } from '../isDatastoresAvailable';

/** The "Datastores" tab of services and of datastore Resources. */
export const entityDatastoresContent = EntityContentBlueprint.make({
  name: 'datastores',
  params: {
    path: '/datastores',
    title: 'Datastores',
    filter: isDatastoresAvailable,
    loader: () =>
      import('../components/EntityDatastoresContent').then(m => (
        <m.EntityDatastoresContent />
      )),
  },
});
