import { ConfigReader } from '@backstage/config';
import {
  DatastoreKind,
  DatastoreRequest,
  Decision,
  baseNameLimit,
  decideRequest,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import {
  DatastoresConfig,
  RenderedFile,
  readDatastoresConfig,
  renderDatastores,
} from '@datastores/plugin-datastores-node';

/** One case of the matrix: a request, the configuration it ran with, and what it rendered. */
export interface RenderedCase {
  label: string;
  request: DatastoreRequest;
  decisions: Decision[];
  config: DatastoresConfig;
  files: RenderedFile[];
}

const AWS = (region: string) => ({
  region,
  dbSubnetGroupName: 'databases',
  vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
  kmsKeyId: `arn:aws:kms:${region}:123456789012:key/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab`,
});

function config(variant: {
  provider: 'rds' | 'neon';
  shape: 'xr' | 'claim';
  engineVersion: string;
  retentionDays: number;
}): DatastoresConfig {
  return readDatastoresConfig(
    new ConfigReader({
      datastores: {
        targets: {
          terraform: {
            repoUrl: 'https://github.com/acme/infra-terraform',
            path: 'datastores/{environment}/{service}-{name}',
          },
          gitops: {
            repoUrl: 'https://github.com/acme/infra-gitops',
            path: 'apps/{namespace}/{environment}',
          },
        },
        environments: {
          production: { aws: AWS('eu-west-1') },
          staging: { aws: { ...AWS('us-east-1'), kmsKeyId: undefined } },
        },
        managed: {
          postgres: {
            provider: variant.provider,
            engineVersion: variant.engineVersion,
            backupRetentionDays: variant.retentionDays,
            neon: { orgId: 'org-quiet-sky-12345678' },
          },
        },
        crossplane: {
          shape: variant.shape,
          backupRetentionDays: variant.retentionDays,
        },
        externalSecrets: {
          secretStoreRef: {
            kind: 'ClusterSecretStore',
            name: 'aws-secrets-manager',
          },
        },
      },
    }),
  );
}

// Service names a YAML 1.1 reader takes for booleans, null or numbers if left unquoted, and
// the longest names the validation accepts.
/** Namespaces (DNS labels may start with a digit) a YAML 1.1 reader takes for numbers. */
export const NUMERIC_NAMESPACES = ['123', '0777', '1e3', '0x1f'];

export const TRICKY_SERVICES = [
  'on',
  'off',
  'yes',
  'no',
  'y',
  'n',
  'true',
  'false',
  'null',
];

function longestName(
  service: string,
  environment: string,
  limit: number,
): string {
  // <service>-<name>-<environment> at exactly the limit.
  const room = limit - service.length - environment.length - 2;
  return `a${'b'.repeat(Math.max(0, room - 1))}`;
}

/** Every combination the issue asks for, each rendered with the real renderers. */
export function requestMatrix(): RenderedCase[] {
  const cases: RenderedCase[] = [];
  const add = (
    label: string,
    raw: Record<string, unknown>,
    cfg: DatastoresConfig,
  ) => {
    const request = validateDatastoreRequest({
      owner: 'group:default/shop-team',
      ...raw,
    });
    const decisions = decideRequest(request, cfg.policy);
    cases.push({
      label,
      request,
      decisions,
      config: cfg,
      files: renderDatastores(request, decisions, cfg),
    });
  };
  const variants = [
    { provider: 'rds', shape: 'xr', engineVersion: '17', retentionDays: 7 },
    {
      provider: 'neon',
      shape: 'claim',
      engineVersion: '16',
      retentionDays: 14,
    },
    {
      provider: 'rds',
      shape: 'claim',
      engineVersion: '16.4',
      retentionDays: 35,
    },
    { provider: 'neon', shape: 'xr', engineVersion: '17', retentionDays: 30 },
  ] as const;
  for (const variant of variants) {
    const cfg = config(variant);
    const tag = `${variant.provider}/${variant.shape}/pg${variant.engineVersion}/${variant.retentionDays}d`;
    for (const size of ['small', 'medium', 'large']) {
      add(
        `${tag} catastrophic database ${size}`,
        {
          service: 'component:default/orders',
          name: 'main',
          kind: 'database',
          environments: ['production', 'staging'],
          criticality: 'catastrophic',
          size,
          namespace: 'shop',
        },
        cfg,
      );
      add(
        `${tag} reconstructable database ${size}`,
        {
          service: 'component:default/orders',
          name: 'reports',
          kind: 'database',
          environments: ['production', 'staging', 'preview', 'dev'],
          criticality: 'reconstructable',
          size,
        },
        cfg,
      );
      add(
        `${tag} ephemeral database ${size}`,
        {
          service: 'component:default/orders',
          name: 'scratch',
          kind: 'database',
          environments: ['staging', 'preview', 'dev'],
          criticality: 'ephemeral',
          size,
        },
        cfg,
      );
      add(
        `${tag} dragonfly cache ${size}`,
        {
          service: 'component:default/orders',
          name: 'sessions',
          kind: 'cache',
          engine: 'dragonfly',
          environments: ['production', 'staging', 'preview', 'dev'],
          criticality: 'reconstructable',
          size,
        },
        cfg,
      );
      add(
        `${tag} redis cache ${size}`,
        {
          service: 'component:default/orders',
          name: 'rate',
          kind: 'cache',
          engine: 'redis',
          environments: ['production', 'staging', 'preview', 'dev'],
          criticality: 'ephemeral',
          size,
        },
        cfg,
      );
      add(
        `${tag} redis cache without required backups ${size}`,
        {
          service: 'component:default/orders',
          name: 'rate',
          kind: 'cache',
          engine: 'redis',
          environments: ['preview', 'dev'],
          criticality: 'reconstructable',
          size,
        },
        cfg,
      );
    }
    for (const service of TRICKY_SERVICES) {
      add(
        `${tag} service "${service}"`,
        {
          service: `component:default/${service}`,
          name: 'db',
          kind: 'database',
          environments: ['production', 'dev'],
          criticality: 'reconstructable',
          namespace: service,
        },
        cfg,
      );
      add(
        `${tag} service "${service}" managed`,
        {
          service: `component:default/${service}`,
          name: 'db',
          kind: 'database',
          environments: ['production'],
          criticality: 'catastrophic',
          namespace: service,
        },
        cfg,
      );
      add(
        `${tag} service "${service}" cache`,
        {
          service: `component:default/${service}`,
          name: 'c',
          kind: 'cache',
          environments: ['production', 'dev'],
          criticality: 'reconstructable',
        },
        cfg,
      );
    }
    // A kubernetes-id annotation unlike the service name: every object carries it as its label.
    for (const kind of ['database', 'cache']) {
      add(
        `${tag} kubernetes-id "Orders_API.v2" (${kind})`,
        {
          service: 'component:default/orders',
          name: 'main',
          kind,
          environments: ['production', 'dev'],
          criticality: 'reconstructable',
          kubernetesId: 'Orders_API.v2',
        },
        cfg,
      );
    }
    // Kubernetes namespaces may start with a digit: YAML 1.1 reads these as numbers.
    for (const namespace of NUMERIC_NAMESPACES) {
      // A managed database (its ExternalSecret), a self-hosted one and a cache (their XRs).
      for (const [kind, criticality, environments] of [
        ['database', 'catastrophic', ['production', 'staging']],
        ['database', 'reconstructable', ['production', 'dev']],
        ['cache', 'reconstructable', ['production', 'dev']],
      ] as const) {
        add(
          `${tag} namespace "${namespace}" (${criticality} ${kind})`,
          {
            service: 'component:default/orders',
            name: 'main',
            kind,
            environments,
            criticality,
            namespace,
          },
          cfg,
        );
      }
    }
    for (const environment of ['production', 'staging', 'preview', 'dev']) {
      const service = 'checkout-payments-gateway';
      for (const [kind, criticality] of [
        ['database', 'reconstructable'],
        ['cache', 'reconstructable'],
        [
          'database',
          environment === 'production' || environment === 'staging'
            ? 'catastrophic'
            : 'ephemeral',
        ],
      ]) {
        const name = longestName(
          service,
          environment,
          baseNameLimit(kind as DatastoreKind).maxBaseLength,
        );
        add(
          `${tag} longest name in ${environment} (${kind}, ${criticality})`,
          {
            service: `component:default/${service}`,
            name,
            kind,
            environments: [environment],
            criticality,
          },
          cfg,
        );
      }
    }
  }
  return cases;
}
