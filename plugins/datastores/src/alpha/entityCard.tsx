import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isDatastoresAvailable } from '../isDatastoresAvailable';

/** The datastores card on the overview of services and of datastore Resources. */
export const entityDatastoresCard = EntityCardBlueprint.make({
  name: 'datastores',
  params: {
    filter: isDatastoresAvailable,
    loader: () =>
      import('../components/EntityDatastoresCard').then(m => (
        <m.EntityDatastoresCard />
      )),
  },
});
