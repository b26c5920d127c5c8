import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { fleetRouteRef } from '../routes';
import { datastoresFleetPage } from './fleetPage';

describe('datastoresFleetPage', () => {
  it('is the page "Datastores" at /datastores, with an icon for the sidebar', () => {
    const tester = createExtensionTester(datastoresFleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/datastores');
    expect(tester.get(coreExtensionData.routeRef)).toBe(fleetRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Datastores');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });
});
