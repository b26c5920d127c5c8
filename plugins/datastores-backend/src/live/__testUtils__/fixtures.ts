import { Entity } from '@backstage/catalog-model';
import type { KubernetesObject } from '@datastores/test-servers';

const LABEL = 'backstage.io/kubernetes-id';

/** A datastore `Resource` of `service`, as the product registers it. */
export function datastoreResource(
  service: string,
  name: string,
  d: {
    engine: string;
    environment: string;
    criticality: string;
    strategy: string;
    provider: string;
  },
): Entity {
  const type = d.engine === 'postgres' ? 'database' : 'cache';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `${service}-${name}-${d.environment}`,
      namespace: 'default',
      annotations: {
        'datastores.io/engine': d.engine,
        'datastores.io/environment': d.environment,
        'datastores.io/criticality': d.criticality,
        'datastores.io/strategy': d.strategy,
        'datastores.io/provider': d.provider,
        [LABEL]: service,
      },
    },
    spec: {
      type,
      owner: 'group:default/team',
      dependencyOf: [`component:default/${service}`],
    },
    relations: [
      { type: 'dependencyOf', targetRef: `component:default/${service}` },
    ],
  };
}

/** The service `Component` depending on its datastores. */
export function serviceComponent(service: string, resources: Entity[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: service,
      namespace: 'default',
      annotations: { [LABEL]: service },
    },
    spec: {
      type: 'service',
      owner: 'group:default/team',
      lifecycle: 'production',
    },
    relations: resources.map(r => ({
      type: 'dependsOn',
      targetRef: `resource:default/${r.metadata.name}`,
    })),
  };
}

const recent = () => new Date(Date.now() - 10 * 60_000).toISOString();

/** An ESO `ExternalSecret`, `Ready` as given. */
export function externalSecret(
  service: string,
  name: string,
  ready: { status: string; reason: string; message?: string } | undefined,
  refreshTime = recent(),
): KubernetesObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: service, labels: { [LABEL]: service } },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: {
        kind: 'ClusterSecretStore',
        name: 'aws-secrets-manager',
      },
    },
    status: ready
      ? { refreshTime, conditions: [{ type: 'Ready', ...ready }] }
      : {},
  };
}

/** The `ClusterSecretStore` the ExternalSecrets reference (`aws-secrets-manager`), Ready. */
export function clusterSecretStore(): KubernetesObject {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ClusterSecretStore',
    metadata: { name: 'aws-secrets-manager' },
    spec: {
      provider: { aws: { service: 'SecretsManager', region: 'eu-west-1' } },
    },
    status: {
      conditions: [{ type: 'Ready', status: 'True', reason: 'Valid' }],
    },
  };
}

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString();

/**
 * A healthy CloudNativePG `Cluster` with in-tree Barman backups: Ready, its app secret
 * written, the last base backup 3 hours ago.
 */
export function cnpgCluster(service: string, name: string): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name, namespace: service, labels: { [LABEL]: service } },
    spec: {
      instances: 2,
      backup: {
        barmanObjectStore: { destinationPath: 's3://b' },
        retentionPolicy: '14d',
      },
    },
    status: {
      phase: 'Cluster in healthy state',
      conditions: [
        { type: 'Ready', status: 'True', reason: 'ClusterIsReady' },
        { type: 'ContinuousArchiving', status: 'True' },
        { type: 'LastBackupSucceeded', status: 'True' },
      ],
      secretsResourceVersion: { applicationSecretVersion: '4711' },
      firstRecoverabilityPoint: '2026-11-01T03:00:00Z',
      lastSuccessfulBackup: hoursAgo(3),
    },
  };
}

/** A `Dragonfly` in phase `Ready` with S3 snapshots. */
export function dragonfly(service: string, name: string): KubernetesObject {
  return {
    apiVersion: 'dragonflydb.io/v1alpha1',
    kind: 'Dragonfly',
    metadata: { name, namespace: service, labels: { [LABEL]: service } },
    spec: {
      replicas: 2,
      snapshot: { cron: '0 * * * *', dir: `s3://snapshots/${name}` },
    },
    status: { phase: 'Ready' },
  };
}

/** The Crossplane XR of a self-hosted datastore, `Synced` and `Ready`. */
export function composite(
  service: string,
  kind: 'PostgresInstance' | 'CacheInstance',
  name: string,
): KubernetesObject {
  return {
    apiVersion: 'datastores.platform.io/v1alpha1',
    kind,
    metadata: { name, namespace: service, labels: { [LABEL]: service } },
    spec: {},
    status: {
      conditions: [
        { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        { type: 'Ready', status: 'True', reason: 'Available' },
      ],
    },
  };
}

/** The backend config that installs the Kubernetes plugin against a stand-in. */
/** The Kubernetes backend's config for stand-in clusters, each with its service-account token. */
export function kubernetesClustersConfig(
  clusters: Array<{ name: string; url: string; token?: string }>,
) {
  return {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(({ name, url, token }) => ({
          name,
          url,
          authProvider: 'serviceAccount',
          serviceAccountToken: token ?? 't',
          skipTLSVerify: true,
          skipMetricsLookup: true,
        })),
      },
    ],
  };
}

/** One stand-in cluster, `local`. */
export function kubernetesConfig(url: string) {
  return kubernetesClustersConfig([{ name: 'local', url }]);
}
