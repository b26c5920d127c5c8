import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import { externalSecretObject } from './externalSecret';
import { testConfig, testContext } from '../../fixtures/render/fixtures';

describe('externalSecretObject', () => {
  it("syncs the Secrets Manager secret into the service's connection secret", () => {
    const object = externalSecretObject(testContext());
    expect(object.metadata).toEqual({
      name: 'orders-main-production',
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': 'orders' },
    });
    expect(object.spec.target.name).toBe('orders-main-production-app');
    expect(object.spec.target.template.metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'orders',
    });
    expect(object.spec.secretStoreRef).toEqual({
      kind: 'ClusterSecretStore',
      name: 'aws-secrets-manager',
    });
    expect(object.spec.refreshInterval).toBe('1h');
    expect(object.spec.data.map(d => d.secretKey)).toEqual([
      'host',
      'port',
      'dbname',
      'username',
      'password',
      'uri',
    ]);
    for (const d of object.spec.data) {
      expect(d.remoteRef).toEqual({
        key: 'datastores/production/orders/main',
        property: d.secretKey,
      });
    }
    expect(() => new ExternalSecret(object as any).validate()).not.toThrow();
  });

  it('uses the configured store and refresh interval', () => {
    const config = testConfig({
      externalSecrets: {
        secretStoreRef: { kind: 'SecretStore', name: 'aws' },
        refreshInterval: '15m',
      },
    });
    const object = externalSecretObject(testContext({}, config));
    expect(object.spec.secretStoreRef).toEqual({
      kind: 'SecretStore',
      name: 'aws',
    });
    expect(object.spec.refreshInterval).toBe('15m');
    expect(() => new ExternalSecret(object as any).validate()).not.toThrow();
  });

  it('is checked by the ESO schema (which refuses a wrong store kind)', () => {
    const object: any = externalSecretObject(testContext());
    object.spec.secretStoreRef.kind = 'Vault';
    expect(() => new ExternalSecret(object).validate()).toThrow();
  });
});
