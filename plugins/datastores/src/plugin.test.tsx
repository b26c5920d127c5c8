import { getComponentData } from '@backstage/core-plugin-api';
import {
  DatastoreDecisionPreviewFieldExtension,
  EntityDatastoresCard,
  EntityDatastoresContent,
  datastoresPlugin as legacyPlugin,
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
    expect(EntityDatastoresCard).toBeDefined();
    expect(EntityDatastoresContent).toBeDefined();
    expect(
      getComponentData(
        <DatastoreDecisionPreviewFieldExtension />,
        'scaffolder.extensions.field.v1',
      ),
    ).toMatchObject({ name: 'DatastoreDecisionPreview' });
  });

  it('exports the plugin for the new frontend system', () => {
    expect(newPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(newPlugin.pluginId).toBe('datastores');
  });
});
