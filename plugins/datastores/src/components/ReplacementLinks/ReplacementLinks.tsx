import { ReactElement } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';

/** The other datastore's name when it is among the shown ones, else its entity's name. */
function OtherDatastore(props: {
  entityRef: string;
  datastores: DatastoreStatus[];
}): ReactElement {
  const other = props.datastores.find(d => d.entityRef === props.entityRef);
  return (
    <EntityRefLink entityRef={props.entityRef} defaultKind="resource" hideIcon>
      {other?.name ?? parseEntityRef(props.entityRef).name}
    </EntityRefLink>
  );
}

/**
 * "Replaces <old>" and "Replaced by <new>": a change of strategy adds a new datastore next to
 * the old one, and both rows say so, linked, until the old one is decommissioned.
 */
export function ReplacementLinks(props: {
  datastore: DatastoreStatus;
  /** The datastores shown beside it, to name the other one as its row does. */
  datastores?: DatastoreStatus[];
}): ReactElement | null {
  const { replaces, replacedBy } = props.datastore;
  const datastores = props.datastores ?? [];
  if (!replaces && !replacedBy) return null;
  return (
    <>
      {replaces && (
        <Typography variant="caption" component="div">
          Replaces{' '}
          <OtherDatastore entityRef={replaces} datastores={datastores} />
        </Typography>
      )}
      {replacedBy && (
        <Typography variant="caption" component="div">
          Replaced by{' '}
          <OtherDatastore entityRef={replacedBy} datastores={datastores} />
        </Typography>
      )}
    </>
  );
}
