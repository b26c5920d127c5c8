import {
  CRITICALITY_LEVELS,
  CRITICALITY_MEANINGS,
  DATASTORE_ANNOTATIONS,
  datastoresPermissions,
  datastoresProvisionProductionPermission,
} from './index';

describe('datastores-common', () => {
  it('explains every criticality level, and nothing else', () => {
    expect(Object.keys(CRITICALITY_MEANINGS).sort()).toEqual(
      [...CRITICALITY_LEVELS].sort(),
    );
    for (const level of CRITICALITY_LEVELS) {
      expect(CRITICALITY_MEANINGS[level].length).toBeGreaterThan(10);
    }
  });

  it('keeps every annotation in the datastores.io namespace', () => {
    for (const annotation of Object.values(DATASTORE_ANNOTATIONS)) {
      expect(annotation).toMatch(/^datastores\.io\/[a-z-]+$/);
    }
  });

  it('defines the production provisioning permission', () => {
    expect(datastoresProvisionProductionPermission).toEqual({
      type: 'basic',
      name: 'datastores.provision.production',
      attributes: { action: 'create' },
    });
    expect(datastoresPermissions).toContain(
      datastoresProvisionProductionPermission,
    );
  });
});
