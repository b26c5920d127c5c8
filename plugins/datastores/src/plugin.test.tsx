import { getComponentData } from '@backstage/core-plugin-api';
import {
  DatastoreDecisionPreviewFieldExtension,
  DatastoreNameConfirmationFieldExtension,
  EntityDatastoresCard,
  EntityDatastoresContent,
  DatastoresFleetPage,
  datastoresPlugin as legacyPlugin,
  fleetRouteRef,
  scaffolderTemplateRouteRef,
} from './index';
import newPlugin from './alpha';

describe('datastores frontend plugin', () => {
  it('exports the plugin for the legacy frontend system, with its API', () => {
    expect(legacyPlugin.getId()).toBe('datastores');
    expect([...legacyPlugin.getApis()].map(factory => factory.api.id)).toEqual([
      'plugin.datastores.service',
    ]);
  });

  it('exports the card, the tab and the field for the legacy frontend system', () => {
    // Extensions of this plugin, by name (what an app's extension tree and analytics see).
    for (const [Extension, name] of [
      [EntityDatastoresCard, 'EntityDatastoresCard'],
      [EntityDatastoresContent, 'EntityDatastoresContent'],
    ] as const) {
      expect(getComponentData(<Extension />, 'core.extensionName')).toBe(name);
      expect(getComponentData(<Extension />, 'core.plugin')).toBe(legacyPlugin);
    }
    expect(
      getComponentData(
        <DatastoreDecisionPreviewFieldExtension />,
        'scaffolder.extensions.field.v1',
      ),
    ).toMatchObject({ name: 'DatastoreDecisionPreview' });
    expect(
      getComponentData(
        <DatastoreNameConfirmationFieldExtension />,
        'scaffolder.extensions.field.v1',
      ),
    ).toMatchObject({ name: 'DatastoreNameConfirmation' });
  });

  it('links to the scaffolder through an external route, bound to its template page by default', () => {
    expect(legacyPlugin.externalRoutes).toMatchObject({
      scaffolderTemplate: scaffolderTemplateRouteRef,
    });
    expect(newPlugin.externalRoutes).toMatchObject({
      scaffolderTemplate: scaffolderTemplateRouteRef,
    });
    // The new frontend system binds it to the scaffolder's page without the app saying so.
    expect(
      (
        scaffolderTemplateRouteRef as unknown as {
          getDefaultTarget(): string;
        }
      ).getDefaultTarget(),
    ).toBe('scaffolder.selectedTemplate');
  });

  it('exports the fleet page for the legacy frontend system, mounted at its route', () => {
    expect(getComponentData(<DatastoresFleetPage />, 'core.mountPoint')).toBe(
      fleetRouteRef,
    );
    expect(legacyPlugin.routes).toMatchObject({ fleet: fleetRouteRef });
  });

  it('exports the plugin for the new frontend system', () => {
    expect(newPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(newPlugin.pluginId).toBe('datastores');
  });
});
