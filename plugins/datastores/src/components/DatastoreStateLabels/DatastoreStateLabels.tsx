import { ReactElement } from 'react';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import { DecommissioningLabel } from '../DecommissioningLabel';
import { StatusLabel } from '../StatusLabel';

/**
 * Where a datastore stands beside its name, on the card and the tab alike: requested (not in
 * the catalog yet) and, while it is being removed, its decommission.
 */
export function DatastoreStateLabels(props: {
  datastore: DatastoreStatus;
  /** Its service, for the link to the removal. */
  serviceRef?: string;
  /** In the caption's size, under a name in a table. */
  compact?: boolean;
}): ReactElement {
  const { datastore: d, serviceRef, compact } = props;
  return (
    <>
      {!d.inCatalog && (
        <StatusLabel
          tone="requested"
          text="Requested"
          explanation="Its pull request is not merged yet, so it is not in the catalog."
        />
      )}
      {d.decommissioning && (
        <DecommissioningLabel
          datastore={{ ...d, decommissioning: d.decommissioning }}
          serviceRef={serviceRef}
          compact={compact}
        />
      )}
    </>
  );
}
