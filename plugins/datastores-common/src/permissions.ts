import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows creating a managed production datastore. Checked by `datastores:provision` with the
 * initiator's credentials, and reported by `POST /v1/decisions` so the form can warn early.
 * @public
 */
export const datastoresProvisionProductionPermission = createPermission({
  name: 'datastores.provision.production',
  attributes: { action: 'create' },
});

/**
 * Allows removing a production datastore. Checked by `datastores:decommission` (and by
 * `datastores:change` when it removes an environment) with the initiator's credentials,
 * whenever a production environment is removed.
 * @public
 */
export const datastoresDecommissionPermission = createPermission({
  name: 'datastores.decommission',
  attributes: { action: 'delete' },
});

/** Every permission the datastores plugins define. @public */
export const datastoresPermissions = [
  datastoresProvisionProductionPermission,
  datastoresDecommissionPermission,
];
