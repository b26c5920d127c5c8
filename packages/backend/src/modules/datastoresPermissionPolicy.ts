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
import { datastoresProvisionProductionPermission } from '@datastores/plugin-datastores-common';

/**
 * An example policy: everything is allowed, except that creating a managed production
 * datastore is limited to the members of `datastores.permissions.productionProvisioners`
 * when that list is set. Unset (the default), it allows everything, so the demo works.
 */
export class DatastoresExamplePolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: UserInfoService,
    private readonly productionProvisioners: string[] | undefined,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      request.permission.name !==
        datastoresProvisionProductionPermission.name ||
      this.productionProvisioners === undefined
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!user) return { result: AuthorizeResult.DENY };
    const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
      user.credentials,
    );
    const allowed = ownershipEntityRefs.some(ref =>
      this.productionProvisioners!.includes(ref),
    );
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
        const groups = config.getOptionalStringArray(
          'datastores.permissions.productionProvisioners',
        );
        policy.setPolicy(new DatastoresExamplePolicy(userInfo, groups));
      },
    });
  },
});
