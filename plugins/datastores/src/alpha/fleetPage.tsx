import { Content } from '@backstage/core-components';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import StorageIcon from '@material-ui/icons/Storage';
import { fleetRouteRef } from '../routes';

/**
 * The fleet page at `/datastores`; its title and icon also make its item in the app's sidebar
 * (the app's nav lists every page that has a route ref and an icon).
 */
export const datastoresFleetPage = PageBlueprint.make({
  params: {
    path: '/datastores',
    routeRef: fleetRouteRef,
    title: 'Datastores',
    icon: <StorageIcon fontSize="inherit" />,
    loader: () =>
      import('../components/DatastoresFleetPage').then(m => (
        // The app's page layout draws the header: only the content here.
        <Content>
          <m.DatastoresFleet />
        </Content>
      )),
  },
});
