import { ReactElement, useState } from 'react';
import { Link } from '@backstage/core-components';
import IconButton from '@material-ui/core/IconButton';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import MoreVertIcon from '@material-ui/icons/MoreVert';
import { DatastoreStatus } from '@datastores/plugin-datastores-common';
import { useTemplateLink } from '../../hooks/useTemplateLink';
import { ENVIRONMENT_NAMES } from '../../labels';
import {
  TEMPLATES,
  changeFormData,
  decommissionFormData,
} from '../../templateLinks';

/**
 * "Change…" and "Decommission…" for one datastore in one environment: links to the templates,
 * pre-filled with its service and its current values. Nothing for a datastore being
 * decommissioned (the action refuses a second one, and a change of what is going away).
 */
export function DatastoreActionsMenu(props: {
  datastore: DatastoreStatus;
  /** The service's entity ref, e.g. `component:default/orders`. */
  serviceRef: string;
  /** The service's datastores as shown (a change keeps every environment of the same name). */
  datastores: DatastoreStatus[];
}): ReactElement | null {
  const { datastore: d, serviceRef, datastores } = props;
  const templateLink = useTemplateLink();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (d.decommissioning) return null;
  const menuId = `datastore-actions-${d.entityRef.replace(
    /[^a-z0-9-]/gi,
    '-',
  )}`;
  const close = () => setAnchor(null);
  return (
    <>
      <IconButton
        size="small"
        aria-label={`Actions for ${d.name} (${
          ENVIRONMENT_NAMES[d.environment]
        })`}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={Boolean(anchor)}
        onClick={e => setAnchor(e.currentTarget)}
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={close}
        keepMounted={false}
      >
        <MenuItem
          component={Link}
          to={templateLink(
            TEMPLATES.change,
            changeFormData(serviceRef, d, datastores),
          )}
          onClick={close}
        >
          Change…
        </MenuItem>
        <MenuItem
          component={Link}
          to={templateLink(
            TEMPLATES.decommission,
            decommissionFormData(serviceRef, d),
          )}
          onClick={close}
        >
          Decommission…
        </MenuItem>
      </Menu>
    </>
  );
}
