import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  datastoresDecommissionPermission,
  datastoresProvisionProductionPermission,
} from '@datastores/plugin-datastores-common';

/** Who may do what the example policy guards; undefined lists keep their defaults. */
export interface ExamplePolicyLists {
  /** May create managed production datastores; unset: everyone. */
  productionProvisioners?: string[];
  /** May decommission production datastores; unset: nobody (set it to allow some). */
  productionDecommissioners?: string[];
}

/**
 * An example policy: everything is allowed, except that
 * - creating a managed production datastore is limited to the members of
 *   `datastores.permissions.productionProvisioners` when that list is set (unset: everyone, so
 *   the demo works);
 * - decommissioning a production datastore (`datastores.decommission`) is limited to the
 *   members of `datastores.permissions.productionDecommissioners`, and to nobody when it is
 *   unset: losing production data takes a deliberate choice of who may.
 */
export class DatastoresExamplePolicy implements PermissionPolicy {
  private readonly lists: ExamplePolicyLists;
  constructor(
    private readonly userInfo: UserInfoService,
    lists: ExamplePolicyLists | string[] | undefined,
  ) {
    this.lists = Array.isArray(lists)
      ? { productionProvisioners: lists }
      : lists ?? {};
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const name = request.permission.name;
    let members: string[] | undefined;
    if (name === datastoresProvisionProductionPermission.name) {
      members = this.lists.productionProvisioners;
      if (members === undefined) return { result: AuthorizeResult.ALLOW };
    } else if (name === datastoresDecommissionPermission.name) {
      members = this.lists.productionDecommissioners ?? [];
    } else {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user || !members.length) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const allowed = ownershipEntityRefs.some(ref => members!.includes(ref));
    return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }
}

/** Installs {@link DatastoresExamplePolicy} as the permission policy of this backend. */
export const datastoresPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'datastores-example-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        policy.setPolicy(
          new DatastoresExamplePolicy(userInfo, {
            productionProvisioners: config.getOptionalStringArray(
              'datastores.permissions.productionProvisioners',
            ),
            productionDecommissioners: config.getOptionalStringArray(
              'datastores.permissions.productionDecommissioners',
            ),
          }),
        );
      },
    });
  },
});
