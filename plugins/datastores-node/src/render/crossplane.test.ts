import { crossplaneObject } from './crossplane';
import { testConfig, testContext } from '../../fixtures/render/fixtures';
import { loadXrds } from '../../fixtures/render/xrds';

describe('crossplaneObject', () => {
  it('writes a namespaced XR for an ephemeral preview database, without backups', () => {
    const object = crossplaneObject(
      testContext({ environments: ['preview'], criticality: 'ephemeral' }),
    );
    expect(object).toEqual({
      apiVersion: 'datastores.platform.io/v1alpha1',
      kind: 'PostgresInstance',
      metadata: {
        name: 'orders-main-preview',
        namespace: 'shop',
        labels: { 'backstage.io/kubernetes-id': 'orders' },
      },
      spec: {
        service: 'orders',
        environment: 'preview',
        criticality: 'ephemeral',
        engine: 'postgres',
        size: 'small',
        connectionSecretName: 'orders-main-preview-app',
        backup: { enabled: false },
      },
    });
    expect(loadXrds('xr').problems(object)).toEqual([]);
  });

  it('gives a reconstructable production database scheduled backups', () => {
    const object = crossplaneObject(
      testContext({ criticality: 'reconstructable' }),
    );
    expect(object.spec.backup).toEqual({
      enabled: true,
      schedule: '0 3 * * *',
      retentionDays: 7,
      pitr: false,
    });
    expect(loadXrds('xr').problems(object)).toEqual([]);
  });

  it('writes a cache on Redis when asked, and a v1 claim in the claim shape', () => {
    const config = testConfig({ crossplane: { shape: 'claim' } });
    const object = crossplaneObject(
      testContext(
        {
          kind: 'cache',
          engine: 'redis',
          name: 'sessions',
          criticality: 'reconstructable',
          environments: ['dev'],
        },
        config,
      ),
    );
    expect(object.kind).toBe('CacheInstance');
    expect(object.spec.engine).toBe('redis');
    expect(object.spec.backup).toEqual({ enabled: false });
    expect(object.spec).not.toHaveProperty('writeConnectionSecretToRef');
    expect(loadXrds('claim').problems(object)).toEqual([]);
  });

  it('is checked by the shipped XRDs, which refuse unknown fields and bad values', () => {
    const xrds = loadXrds('xr');
    const object: any = crossplaneObject(
      testContext({ criticality: 'reconstructable' }),
    );
    expect(
      xrds.problems({ ...object, spec: { ...object.spec, extra: 1 } }),
    ).not.toEqual([]);
    expect(
      xrds.problems({ ...object, spec: { ...object.spec, size: 'huge' } }),
    ).not.toEqual([]);
    expect(
      xrds.problems({
        ...object,
        spec: { ...object.spec, backup: { enabled: true } },
      }),
    ).not.toEqual([]);
    expect(xrds.problems({ ...object, kind: 'Other' })).toEqual([
      'no XRD serves kind Other',
    ]);
  });

  it('refuses a managed datastore', () => {
    expect(() => crossplaneObject(testContext())).toThrow(
      'no Crossplane resource',
    );
  });
});
