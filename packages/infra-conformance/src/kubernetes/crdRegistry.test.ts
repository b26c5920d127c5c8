import path from 'path';
import { SCHEMAS, filesUnder } from '../paths';
import { CrdRegistry, KubernetesObject } from './crdRegistry';
import { readYaml11 } from '../conformance/gitopsRegistry';

/** The validator itself, on deliberately broken objects: an "ok" from it is never vacuous. */
const crds = CrdRegistry.fromFiles(
  filesUnder(path.join(SCHEMAS, 'crds'), /\.yaml$/),
);

const externalSecret = (spec: object, metadata: object = {}) => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'orders-main-production', namespace: 'shop', ...metadata },
  spec,
});
const validSpec = {
  refreshInterval: '1h',
  secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
  target: { name: 'orders-main-production-app' },
  data: [
    {
      secretKey: 'password',
      remoteRef: {
        key: 'datastores/production/orders/main',
        property: 'password',
      },
    },
  ],
};
const messages = (object: KubernetesObject) =>
  crds.validate(object).map(p => `${p.path} ${p.message}`);

describe('CrdRegistry', () => {
  it('accepts a valid object', () => {
    expect(messages(externalSecret(validSpec))).toEqual([]);
  });

  it('refuses unknown fields, as strict field validation does', () => {
    expect(
      messages(externalSecret({ ...validSpec, refreshIntervall: '1h' })),
    ).toEqual(['.spec.refreshIntervall unknown field']);
    expect(
      messages(
        externalSecret({ ...validSpec, target: { name: 'x', owner: 'me' } }),
      ),
    ).toEqual(['.spec.target.owner unknown field']);
  });

  it('refuses wrong types, values outside an enum, and missing required fields', () => {
    expect(
      messages(
        externalSecret({
          ...validSpec,
          secretStoreRef: { kind: 'Vault', name: 1 },
        }),
      ),
    ).toEqual([
      '.spec.secretStoreRef.kind must be one of "SecretStore", "ClusterSecretStore"; got "Vault"',
      '.spec.secretStoreRef.name must be string, got integer 1',
    ]);
    expect(
      messages(
        externalSecret({ ...validSpec, data: [{ secretKey: 'password' }] }),
      ),
    ).toEqual(['.spec.data[0] remoteRef is required']);
  });

  it('refuses a label that YAML 1.1 read as a boolean', () => {
    const [object] = readYaml11(
      'apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: a\n  namespace: shop\n  labels:\n    backstage.io/kubernetes-id: on\nspec: {}\n',
    );
    expect(messages(object)).toEqual([
      '.metadata.labels.backstage.io/kubernetes-id must be a string, got boolean true',
    ]);
  });

  it('refuses a namespace on a cluster-scoped kind, and a version that is not served', () => {
    expect(
      messages({
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'a', namespace: 'x' },
        spec: { provider: {} },
      }),
    ).toContain('.metadata.namespace a cluster-scoped object has no namespace');
    expect(
      messages({
        ...externalSecret(validSpec),
        apiVersion: 'external-secrets.io/v1beta1',
      }),
    ).toEqual([
      '.apiVersion external-secrets.io/v1beta1 is not served by external-secrets.io_externalsecrets.yaml; served: v1',
    ]);
  });

  it('refuses a pattern mismatch (a Barman retention policy that is no duration)', () => {
    expect(
      messages({
        apiVersion: 'barmancloud.cnpg.io/v1',
        kind: 'ObjectStore',
        metadata: { name: 'a-backups', namespace: 'shop' },
        spec: {
          retentionPolicy: '%!d(float64=7)d',
          configuration: { destinationPath: 's3://b/a' },
        },
      }),
    ).toEqual([
      '.spec.retentionPolicy must match ^[1-9][0-9]*[dwm]$; got "%!d(float64=7)d"',
    ]);
  });
});
