import { ReactElement } from 'react';
import { Content, Header, Page } from '@backstage/core-components';
import { DatastoresFleet } from './DatastoresFleet';

/**
 * The fleet page of apps on the legacy frontend system, with its own header: every datastore
 * of every service, at-risk ones counted first, filterable, with a link to each service's tab.
 * @public
 */
export function DatastoresFleetPage(): ReactElement {
  return (
    <Page themeId="tool">
      <Header
        title="Datastores"
        subtitle="Every database and cache of every service you may read"
      />
      <Content>
        <DatastoresFleet />
      </Content>
    </Page>
  );
}
