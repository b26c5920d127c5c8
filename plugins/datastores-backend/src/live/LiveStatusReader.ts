import {
  BackstageCredentials,
  CacheService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CustomResourceMatcher,
  kubernetesResourcesReadPermission,
} from '@backstage/plugin-kubernetes-common';
import {
  DatastoreStatus,
  KUBERNETES_ID_LABEL,
  ObservedPosture,
  Policy,
  backupRequirements,
  checkCompliance,
  deriveNames,
} from '@datastores/plugin-datastores-common';
import {
  CrossplaneHealth,
  DEFAULT_CROSSPLANE_API_VERSION,
  KubeObject,
  ObservedBackup,
  RdsInstanceDescription,
  backupFromCnpgCluster,
  backupFromDragonfly,
  backupFromRdsInstance,
  backupFromRedis,
  crossplaneHealth,
  secretSyncFromExternalSecret,
} from '@datastores/plugin-datastores-node';
import {
  KubernetesQueryClient,
  KubernetesQueryResult,
} from './KubernetesQueryClient';
import { RdsReader } from './RdsReader';

/** Live fields the card may show beside `DatastoreStatus`. */
export interface LiveFields {
  /** Dragonfly `status.phase` or Redis state. */
  phase?: string;
  /** The Crossplane XR (or claim): `Synced`, `Ready`. */
  crossplane?: CrossplaneHealth;
  /** Why live fields are `unknown`, when they are. */
  unknownReason?: string;
}

/** A datastore's status with its live fields. */
export type LiveDatastoreStatus = DatastoreStatus & { live?: LiveFields };

function splitApiVersion(apiVersion: string) {
  const [group, version] = apiVersion.split('/');
  return { group, apiVersion: version };
}

function plural(kind: string) {
  return `${kind.toLocaleLowerCase('en-US')}s`;
}

/** The Kubernetes types live status reads, beyond the configured Crossplane kinds. */
const KUBERNETES_TYPES = {
  externalSecret: {
    group: 'external-secrets.io',
    apiVersion: 'v1',
    plural: 'externalsecrets',
    kind: 'ExternalSecret',
  },
  clusterSecretStore: {
    group: 'external-secrets.io',
    apiVersion: 'v1',
    plural: 'clustersecretstores',
    kind: 'ClusterSecretStore',
  },
  cnpgCluster: {
    group: 'postgresql.cnpg.io',
    apiVersion: 'v1',
    plural: 'clusters',
    kind: 'Cluster',
  },
  objectStore: {
    group: 'barmancloud.cnpg.io',
    apiVersion: 'v1',
    plural: 'objectstores',
    kind: 'ObjectStore',
  },
  dragonfly: {
    group: 'dragonflydb.io',
    apiVersion: 'v1alpha1',
    plural: 'dragonflies',
    kind: 'Dragonfly',
  },
  redis: {
    group: 'redis.redis.opstreelabs.in',
    apiVersion: 'v1beta2',
    plural: 'redis',
    kind: 'Redis',
  },
} as const;

/** Types whose absence or failure never makes a field unknown (they only add detail). */
const OPTIONAL_PLURALS = new Set(['clustersecretstores', 'objectstores']);

type Source<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Counts the upstream calls, for tests and the benchmark. */
export interface UpstreamCounters {
  kubernetes: number;
  rds: number;
}

/**
 * Refines declared statuses with what the clusters (through the Kubernetes backend) and AWS
 * say. Each source has a timeout; a failing source turns only the fields that depend on it into
 * `unknown` with the reason, listed in `errors`. Raw results are cached per entity.
 */
export class LiveStatusReader {
  readonly counters: UpstreamCounters = { kubernetes: 0, rds: 0 };
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly customResources: CustomResourceMatcher[];
  private readonly crossplaneKinds: Set<string>;

  constructor(
    private readonly deps: {
      kubernetes?: KubernetesQueryClient;
      rds?: RdsReader;
      cache: CacheService;
      permissions: PermissionsService;
      logger: LoggerService;
      cacheTtlMs: number;
      crossplane: {
        postgres: { apiVersion: string; kind: string };
        cache: { apiVersion: string; kind: string };
      };
    },
  ) {
    const xr = [deps.crossplane.postgres, deps.crossplane.cache];
    this.crossplaneKinds = new Set(xr.map(k => k.kind));
    const seen = new Set<string>();
    this.customResources = [
      ...Object.values(KUBERNETES_TYPES).map(t => ({
        group: t.group,
        apiVersion: t.apiVersion,
        plural: t.plural,
      })),
      ...xr.map(k => ({
        ...splitApiVersion(k.apiVersion),
        plural: plural(k.kind),
      })),
    ].filter(r => {
      const key = `${r.group}/${r.plural}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  static fromConfig(
    config: Config,
    deps: Omit<
      ConstructorParameters<typeof LiveStatusReader>[0],
      'cacheTtlMs' | 'crossplane'
    >,
  ): LiveStatusReader {
    const kind = (at: string, fallback: string) => ({
      apiVersion:
        config.getOptionalString(`datastores.crossplane.${at}.apiVersion`) ??
        DEFAULT_CROSSPLANE_API_VERSION,
      kind:
        config.getOptionalString(`datastores.crossplane.${at}.kind`) ??
        fallback,
    });
    return new LiveStatusReader({
      ...deps,
      cacheTtlMs:
        (config.getOptionalNumber('datastores.live.cacheTtlSeconds') ?? 30) *
        1000,
      crossplane: {
        postgres: kind('postgres', 'PostgresInstance'),
        cache: kind('cache', 'CacheInstance'),
      },
    });
  }

  /** Cached, with concurrent cold calls sharing one upstream call. */
  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = (await this.deps.cache.get(key)) as T | undefined;
    if (hit !== undefined) return hit;
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const promise = load()
      .then(async value => {
        await this.deps.cache
          .set(key, value as any, { ttl: this.deps.cacheTtlMs })
          .catch(error =>
            this.deps.logger.warn(`Could not cache ${key}: ${error}`),
          );
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private async kubernetes(
    serviceRef: string,
    credentials: BackstageCredentials,
  ): Promise<Source<KubernetesQueryResult>> {
    const client = this.deps.kubernetes;
    if (!client) {
      return { ok: false, reason: 'Kubernetes is not configured.' };
    }
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: kubernetesResourcesReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      return {
        ok: false,
        reason: `You may not read Kubernetes resources (${kubernetesResourcesReadPermission.name}).`,
      };
    }
    try {
      const value = await this.cached(`k8s:${serviceRef}`, () => {
        this.counters.kubernetes++;
        return client.query(serviceRef, this.customResources);
      });
      return { ok: true, value };
    } catch (error) {
      return {
        ok: false,
        reason: `Kubernetes could not be read: ${(error as Error).message}`,
      };
    }
  }

  private async rdsInstance(
    identifier: string,
  ): Promise<Source<RdsInstanceDescription | null>> {
    const rds = this.deps.rds!;
    try {
      const value = await this.cached(`rds:${identifier}`, async () => {
        this.counters.rds++;
        return (await rds.describe(identifier)) ?? null;
      });
      return { ok: true, value };
    } catch (error) {
      return {
        ok: false,
        reason: `AWS RDS could not be read: ${(error as Error).message}`,
      };
    }
  }

  /** Refines the declared statuses of one service's datastores. */
  async refine(input: {
    serviceRef: string;
    serviceName: string;
    datastores: DatastoreStatus[];
    credentials: BackstageCredentials;
    policy: Policy;
  }): Promise<{
    datastores: LiveDatastoreStatus[];
    errors: { message: string }[];
  }> {
    const { datastores, serviceName, policy } = input;
    const needsKubernetes =
      !!this.deps.kubernetes && datastores.some(d => d.inCatalog);
    const rdsIds = this.deps.rds
      ? datastores
          .filter(d => d.inCatalog && d.provider === 'rds')
          .map(
            d =>
              deriveNames({
                service: serviceName,
                name: d.name,
                environment: d.environment,
              }).rdsIdentifier,
          )
      : [];
    const [k8s, ...rds] = await Promise.all([
      needsKubernetes
        ? this.kubernetes(input.serviceRef, input.credentials)
        : Promise.resolve(undefined),
      ...rdsIds.map(id => this.rdsInstance(id)),
    ]);
    const rdsById = new Map(rdsIds.map((id, i) => [id, rds[i]!]));
    const errors: { message: string }[] = [];
    if (k8s && !k8s.ok) errors.push({ message: k8s.reason });
    for (const [id, source] of rdsById) {
      if (!source.ok) errors.push({ message: `${id}: ${source.reason}` });
    }
    if (k8s?.ok) {
      for (const failure of k8s.value.failures) {
        if (!OPTIONAL_PLURALS.has(failure.plural)) {
          errors.push({ message: `Kubernetes: ${failure.reason}` });
        }
      }
    }
    // Only objects labelled for this service: never another service's.
    const objects = k8s?.ok
      ? k8s.value.objects.filter(
          o => o.metadata?.labels?.[KUBERNETES_ID_LABEL] === serviceName,
        )
      : [];
    const stores = k8s?.ok
      ? k8s.value.objects.filter(
          o => o.kind === KUBERNETES_TYPES.clusterSecretStore.kind,
        )
      : [];

    const refined = datastores.map(status =>
      this.refineOne(status, {
        serviceName,
        policy,
        k8s,
        objects,
        stores,
        rds: rdsById,
      }),
    );
    return { datastores: refined, errors };
  }

  private refineOne(
    status: DatastoreStatus,
    ctx: {
      serviceName: string;
      policy: Policy;
      k8s: Source<KubernetesQueryResult> | undefined;
      objects: KubeObject[];
      stores: KubeObject[];
      rds: Map<string, Source<RdsInstanceDescription | null>>;
    },
  ): LiveDatastoreStatus {
    if (!status.inCatalog) return status;
    const names = deriveNames({
      service: ctx.serviceName,
      name: status.name,
      environment: status.environment,
    });
    const requirements = backupRequirements(
      status.criticality,
      status.environment,
    );
    const managed = status.strategy === 'managed';
    const { k8s } = ctx;
    const failed = (typePlural: string) =>
      k8s?.ok
        ? k8s.value.failures.find(
            f => f.plural === typePlural || f.plural === '*',
          )
        : undefined;
    const find = (kind: string, name: string) =>
      ctx.objects.find(o => o.kind === kind && o.metadata.name === name);
    /** The object, `null` when surely absent, or the reason it is unknown. */
    const lookup = (
      type: { kind: string; plural: string },
      name: string,
    ): KubeObject | null | { reason: string } => {
      if (!k8s) return { reason: 'Kubernetes was not read.' };
      if (!k8s.ok) return { reason: k8s.reason };
      const found = find(type.kind, name);
      if (found) return found;
      const failure = failed(type.plural);
      return failure
        ? { reason: `Kubernetes could not be read: ${failure.reason}` }
        : null;
    };
    const isReason = (v: unknown): v is { reason: string } =>
      !!v &&
      typeof v === 'object' &&
      'reason' in (v as object) &&
      !('metadata' in (v as object));

    const live: LiveFields = {};
    let secretSync = status.secretSync;
    let backup = status.backup;
    let observed: ObservedPosture = {};

    // Secret sync: the ExternalSecret of a managed datastore.
    if (managed && k8s) {
      const es = lookup(
        KUBERNETES_TYPES.externalSecret,
        names.externalSecretName,
      );
      if (isReason(es)) {
        secretSync = { status: 'unknown', message: es.reason };
        live.unknownReason = es.reason;
      } else {
        const storeName = es?.spec?.secretStoreRef?.name;
        const terraformPending = status.pullRequests.some(
          pr =>
            (pr.target ?? 'terraform') === 'terraform' && pr.state === 'open',
        );
        secretSync = secretSyncFromExternalSecret({
          managed,
          externalSecretName: names.externalSecretName,
          externalSecret: es ?? undefined,
          store: ctx.stores.find(s => s.metadata.name === storeName),
          terraformPending,
          now: new Date(),
        });
      }
    }

    // Backups: RDS in AWS, or the operator's object in the cluster.
    let result: ObservedBackup | undefined;
    if (managed && status.provider === 'rds' && this.deps.rds) {
      const source = ctx.rds.get(names.rdsIdentifier);
      if (source && !source.ok) {
        backup = { ...backup, posture: 'unknown', detail: source.reason };
      } else if (source?.ok && source.value) {
        result = backupFromRdsInstance({
          instance: source.value,
          requirements,
          now: new Date(),
        });
      } else if (source?.ok) {
        backup = {
          ...backup,
          posture: 'unknown',
          detail: `No RDS instance ${names.rdsIdentifier} in AWS yet.`,
        };
      }
    } else if (!managed && k8s) {
      const type = {
        postgres: KUBERNETES_TYPES.cnpgCluster,
        dragonfly: KUBERNETES_TYPES.dragonfly,
        redis: KUBERNETES_TYPES.redis,
      }[status.engine];
      const object = lookup(type, names.kubernetesName);
      if (isReason(object)) {
        // A posture the policy settles (no backups needed) does not depend on the cluster.
        if (backup.posture !== 'not-required') {
          backup = { ...backup, posture: 'unknown', detail: object.reason };
        }
        live.unknownReason = object.reason;
      } else if (!object) {
        backup = {
          ...backup,
          posture: 'unknown',
          detail: `No ${type.kind} ${names.kubernetesName} in the cluster yet.`,
        };
      } else if (type === KUBERNETES_TYPES.cnpgCluster) {
        result = backupFromCnpgCluster({
          cluster: object,
          objectStores: ctx.objects.filter(
            o => o.kind === KUBERNETES_TYPES.objectStore.kind,
          ),
          requirements,
        });
      } else if (type === KUBERNETES_TYPES.dragonfly) {
        const df = backupFromDragonfly({ dragonfly: object, requirements });
        result = df;
        if (df.phase) live.phase = df.phase;
      } else {
        const redis = backupFromRedis({ redis: object, requirements });
        result = redis;
        if (redis.phase) live.phase = redis.phase;
      }
      const xr = ctx.objects.find(
        o =>
          this.crossplaneKinds.has(o.kind ?? '') &&
          o.metadata.name === names.kubernetesName,
      );
      if (xr) live.crossplane = crossplaneHealth(xr);
    }
    if (result) {
      backup = result.backup;
      observed = result.observed;
    }
    return {
      ...status,
      backup,
      secretSync,
      policy: checkCompliance(status, observed, ctx.policy),
      ...(Object.keys(live).length ? { live } : {}),
    };
  }
}
