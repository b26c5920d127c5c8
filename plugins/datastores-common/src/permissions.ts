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

/** Every permission the datastores plugins define. @public */
export const datastoresPermissions = [datastoresProvisionProductionPermission];
