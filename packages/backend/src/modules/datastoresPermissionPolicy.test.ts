import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  datastoresDecommissionPermission,
  datastoresProvisionProductionPermission,
} from '@datastores/plugin-datastores-common';
import { DatastoresExamplePolicy } from './datastoresPermissionPolicy';

const alice = mockCredentials.user('user:default/alice');
const userInfo = mockServices.userInfo({
  ownershipEntityRefs: ['user:default/alice', 'group:default/shop-team'],
});
const provision = { permission: datastoresProvisionProductionPermission };
const asAlice = {
  credentials: alice,
  info: { userEntityRef: 'user:default/alice', ownershipEntityRefs: [] },
};

describe('DatastoresExamplePolicy', () => {
  it('allows everything when no provisioners are configured', async () => {
    const policy = new DatastoresExamplePolicy(userInfo, undefined);
    expect((await policy.handle(provision, asAlice)).result).toBe(
      AuthorizeResult.ALLOW,
    );
  });

  it('allows production provisioning to the configured groups only', async () => {
    expect(
      (
        await new DatastoresExamplePolicy(userInfo, [
          'group:default/shop-team',
        ]).handle(provision, asAlice)
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await new DatastoresExamplePolicy(userInfo, [
          'group:default/platform',
        ]).handle(provision, asAlice)
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await new DatastoresExamplePolicy(userInfo, [
          'group:default/platform',
        ]).handle(provision)
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('denies production decommissions by default, and allows them to the configured groups', async () => {
    const decommission = { permission: datastoresDecommissionPermission };
    expect(
      (
        await new DatastoresExamplePolicy(userInfo, undefined).handle(
          decommission,
          asAlice,
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await new DatastoresExamplePolicy(userInfo, {
          productionDecommissioners: ['group:default/shop-team'],
        }).handle(decommission, asAlice)
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await new DatastoresExamplePolicy(userInfo, {
          productionDecommissioners: ['group:default/platform'],
        }).handle(decommission, asAlice)
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('leaves other permissions alone', async () => {
    const other = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    expect(
      (
        await new DatastoresExamplePolicy(userInfo, [
          'group:default/platform',
        ]).handle({ permission: other }, asAlice)
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
