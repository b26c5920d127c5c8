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
  BACKUP_POSTURE_ORDER,
  DatastoreStatus,
  GREEN_STATES,
  KUBERNETES_ID_LABEL,
  ObservedPosture,
  Policy,
  READINESS_ORDER,
  SECRET_SYNC_ORDER,
  backupRequirements,
  checkCompliance,
  deriveNames,
  staleness,
  worstOf,
} from '@datastores/plugin-datastores-common';
import {
  CrossplaneHealth,
  DEFAULT_CROSSPLANE_API_VERSION,
  KubeObject,
  ObservedBackup,
  NeonProjectDescription,
  RdsInstanceDescription,
  Readiness,
  SecretSync,
  backupFromCnpgCluster,
  backupFromDragonfly,
  backupFromNeonProject,
  backupFromRdsInstance,
  backupFromRedis,
  crossplaneHealth,
  readinessFromComposite,
  readinessFromNeonBranch,
  readinessFromOperatorObject,
  readinessFromRdsStatus,
  secretSyncFromCnpgCluster,
  secretSyncFromExternalSecret,
} from '@datastores/plugin-datastores-node';
import {
  ClusterObject,
  KubernetesQueryClient,
  KubernetesQueryResult,
} from './KubernetesQueryClient';
import { NeonReader } from './NeonReader';
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

/** The store an ExternalSecret reads (ESO's default kind is SecretStore). */
function storeRefOf(es: KubeObject): { kind: string; name?: string } {
  const ref = es.spec?.secretStoreRef ?? {};
  return { kind: ref.kind ?? 'SecretStore', name: ref.name };
}
function storeKey(es: ClusterObject): string {
  const ref = storeRefOf(es);
  const namespace =
    ref.kind === 'ClusterSecretStore' ? '' : es.metadata.namespace ?? '';
  return `${es.cluster}/${ref.kind}/${namespace}/${ref.name}`;
}

/** What a secret sync says when no cluster is configured, before why. */
export const NO_CLUSTER_MESSAGE =
  "No cluster is configured, so the secret's sync cannot be observed";

/** Types whose absence or failure never makes a field unknown (they only add detail). */
const OPTIONAL_PLURALS = new Set(['objectstores']);

type Source<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      reason: string;
      /** Not a fault: there is no cluster to read (see {@link NO_CLUSTER_MESSAGE}). */
      noCluster?: true;
    };
/** A value and when its source said it. */
type Observed<T> = { observedAt: string; value: T };

/** Counts the upstream calls, for tests and the benchmark. */
export interface UpstreamCounters {
  kubernetes: number;
  rds: number;
  neon: number;
}

/**
 * Refines declared statuses with what the clusters (through the Kubernetes backend) and AWS
 * say. Each source has a timeout; a failing source turns only the fields that depend on it into
 * `unknown` with the reason, listed in `errors`. Raw results are cached per entity.
 */
export class LiveStatusReader {
  readonly counters: UpstreamCounters = { kubernetes: 0, rds: 0, neon: 0 };
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly customResources: CustomResourceMatcher[];
  private readonly crossplaneKinds: Set<string>;

  constructor(
    private readonly deps: {
      kubernetes?: KubernetesQueryClient;
      rds?: RdsReader;
      neon?: NeonReader;
      cache: CacheService;
      permissions: PermissionsService;
      logger: LoggerService;
      cacheTtlMs: number;
      /** How old an observation may be and still make a field green. */
      freshnessMs: number;
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
      'cacheTtlMs' | 'crossplane' | 'freshnessMs'
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
      freshnessMs:
        (config.getOptionalNumber('datastores.live.freshnessSeconds') ?? 120) *
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
    // Asked beside the query, not before it, so a cold first load waits for one of them only.
    const [clusters, result] = await Promise.all([
      this.clusterNames(client),
      this.cached(`k8s:${serviceRef}`, () => {
        this.counters.kubernetes++;
        return client.query(serviceRef, this.customResources);
      }).then(
        value => ({ ok: true as const, value }),
        error => ({
          ok: false as const,
          reason: `Kubernetes could not be read: ${(error as Error).message}`,
        }),
      ),
    ]);
    if (clusters?.length === 0) {
      return {
        ok: false,
        reason: 'the Kubernetes backend has no cluster configured',
        noCluster: true,
      };
    }
    return result;
  }

  /**
   * The clusters the Kubernetes backend is configured with (cached like the query); undefined
   * when it could not say, which proves nothing either way.
   */
  private async clusterNames(
    client: KubernetesQueryClient,
  ): Promise<string[] | undefined> {
    try {
      return await this.cached('k8s-clusters', () => {
        this.counters.kubernetes++;
        return client.clusters();
      });
    } catch (error) {
      this.deps.logger.debug(
        `Could not list the Kubernetes backend's clusters: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }

  /**
   * One answer of a managed provider's API (RDS, Neon), cached with the time it was given;
   * `null` when the provider has no such datastore.
   */
  private async observeProvider<T>(
    provider: 'rds' | 'neon',
    label: string,
    key: string,
    read: () => Promise<T | undefined>,
  ): Promise<Source<Observed<T | null>>> {
    try {
      const value = await this.cached(`${provider}:${key}`, async () => {
        this.counters[provider]++;
        const answer = (await read()) ?? null;
        return { observedAt: new Date().toISOString(), value: answer };
      });
      return { ok: true, value };
    } catch (error) {
      return {
        ok: false,
        reason: `${label} could not be read: ${(error as Error).message}`,
      };
    }
  }

  /** Refines the declared statuses of one service's datastores. */
  async refine(input: {
    serviceRef: string;
    serviceName: string;
    /** The service's `backstage.io/kubernetes-id` (the label its objects carry), else its name. */
    kubernetesId?: string;
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
    const neonNames = this.deps.neon
      ? datastores
          .filter(d => d.inCatalog && d.provider === 'neon')
          .map(
            d =>
              deriveNames({
                service: serviceName,
                name: d.name,
                environment: d.environment,
              }).neonProjectName,
          )
      : [];
    const [k8s, rds, neon] = await Promise.all([
      needsKubernetes
        ? this.kubernetes(input.serviceRef, input.credentials)
        : Promise.resolve(undefined),
      Promise.all(
        rdsIds.map(id =>
          this.observeProvider('rds', 'AWS RDS', id, () =>
            this.deps.rds!.describe(id),
          ),
        ),
      ),
      Promise.all(
        neonNames.map(name =>
          this.observeProvider('neon', 'Neon', name, () =>
            this.deps.neon!.describe(name),
          ),
        ),
      ),
    ]);
    const rdsById = new Map(rdsIds.map((id, i) => [id, rds[i]!]));
    const neonByName = new Map(neonNames.map((n, i) => [n, neon[i]!]));
    const errors: { message: string }[] = [];
    if (k8s && !k8s.ok && !k8s.noCluster) errors.push({ message: k8s.reason });
    for (const [id, source] of [...rdsById, ...neonByName]) {
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
    const kubernetesId = input.kubernetesId ?? serviceName;
    const objects = k8s?.ok
      ? k8s.value.objects.filter(
          o => o.metadata?.labels?.[KUBERNETES_ID_LABEL] === kubernetesId,
        )
      : [];
    const stores = k8s?.ok ? await this.referencedStores(objects) : new Map();

    const refined = datastores.map(status =>
      this.refineOne(status, {
        serviceName,
        policy,
        k8s,
        objects,
        stores,
        rds: rdsById,
        neon: neonByName,
        now: new Date(),
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
      objects: ClusterObject[];
      /** The stores the ExternalSecrets reference, by `cluster/kind/namespace/name`. */
      stores: Map<string, Source<KubeObject | null>>;
      rds: Map<string, Source<Observed<RdsInstanceDescription | null>>>;
      neon: Map<string, Source<Observed<NeonProjectDescription | null>>>;
      now: Date;
    },
  ): LiveDatastoreStatus {
    if (!status.inCatalog) return status;
    const { now } = ctx;
    // With no cluster to read, live Kubernetes status is off: a matter of setup, not a fault.
    // Nothing in a cluster is read, and the secret sync says why it cannot be observed.
    const noCluster = this.noCluster(ctx.k8s);
    const k8s = noCluster ? undefined : ctx.k8s;
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
    const clusterSeen = k8s?.ok ? { observedAt: k8s.value.observedAt } : {};

    /**
     * Every copy of an object across the clusters, each with where it came from, plus the
     * reason it may be missing from a cluster that could not be read; or why nothing is known.
     */
    const copies = (
      type: { kind: string; plural: string },
      name: string,
    ): { found: ClusterObject[]; unreadable?: string } | { reason: string } => {
      if (!k8s) return { reason: 'Kubernetes was not read.' };
      if (!k8s.ok) return { reason: k8s.reason };
      const found = ctx.objects.filter(
        o => o.kind === type.kind && o.metadata.name === name,
      );
      const failure = k8s.value.failures.find(
        f => f.plural === type.plural || f.plural === '*',
      );
      return failure
        ? {
            found,
            unreadable: `Kubernetes could not be read: ${failure.reason}`,
          }
        : { found };
    };
    const at = (o: ClusterObject) => ({
      ...clusterSeen,
      source: `cluster ${o.cluster}`,
    });

    // Secret sync: a managed datastore's ExternalSecret, a cache's from its Composition, or the
    // secret CloudNativePG writes for its Cluster.
    let secretSync = status.secretSync;
    const terraformPending = status.pullRequests.some(
      pr => (pr.target ?? 'terraform') === 'terraform' && pr.state === 'open',
    );
    const fromExternalSecret = (name: string, pending: boolean) => {
      const result = copies(KUBERNETES_TYPES.externalSecret, name);
      if ('reason' in result)
        return { status: 'unknown' as const, message: result.reason };
      const observations: SecretSync[] = result.found.map(es => {
        const store = ctx.stores.get(storeKey(es));
        return {
          ...secretSyncFromExternalSecret({
            externalSecretName: name,
            externalSecret: es,
            store: store?.ok ? store.value : undefined,
            storeUnreadable: store && !store.ok ? store.reason : undefined,
            terraformPending: pending,
            now,
          }),
          ...at(es),
        };
      });
      if (result.unreadable)
        observations.push({ status: 'unknown', message: result.unreadable });
      if (!observations.length) {
        return {
          ...secretSyncFromExternalSecret({
            externalSecretName: name,
            terraformPending: pending,
            now,
          }),
          ...clusterSeen,
        };
      }
      return worstOf(observations, 'status', SECRET_SYNC_ORDER)!;
    };
    if (k8s && managed) {
      secretSync = fromExternalSecret(
        names.externalSecretName,
        terraformPending,
      );
    } else if (k8s && status.engine !== 'postgres') {
      secretSync = fromExternalSecret(names.connectionSecretName, false);
    }
    if (noCluster) {
      secretSync = {
        status: 'unknown',
        message: `${NO_CLUSTER_MESSAGE}: ${noCluster}.`,
        unobservedBecause: 'no-cluster',
      };
    }

    let backup = status.backup;
    let readiness = status.readiness;
    let observed: ObservedPosture = {};
    const live: LiveFields = {};

    // Managed: one provider API answers for backups and readiness.
    const fromProvider = <T>(
      source: Source<Observed<T | null>> | undefined,
      label: string,
      absent: string,
      map: (value: T) => { result: ObservedBackup; readiness: Readiness },
    ) => {
      if (!source) return;
      if (!source.ok) {
        backup = { ...backup, posture: 'unknown', detail: source.reason };
        readiness = { state: 'unknown', message: source.reason };
        return;
      }
      const seen = { observedAt: source.value.observedAt, source: label };
      if (source.value.value === null) {
        backup = { ...backup, posture: 'unknown', detail: absent, ...seen };
        readiness = { state: 'not-ready', message: absent, ...seen };
        return;
      }
      const mapped = map(source.value.value);
      backup = { ...mapped.result.backup, ...seen };
      observed = mapped.result.observed;
      readiness = { ...mapped.readiness, ...seen };
    };
    if (managed && status.provider === 'rds' && this.deps.rds) {
      fromProvider(
        ctx.rds.get(names.rdsIdentifier),
        'AWS RDS',
        `No RDS instance ${names.rdsIdentifier} in AWS yet.`,
        instance => ({
          result: backupFromRdsInstance({ instance, requirements, now }),
          readiness: readinessFromRdsStatus(instance.DBInstanceStatus),
        }),
      );
    } else if (managed && status.provider === 'neon' && this.deps.neon) {
      fromProvider(
        ctx.neon.get(names.neonProjectName),
        'Neon',
        `No Neon project ${names.neonProjectName} yet.`,
        project => ({
          result: backupFromNeonProject({ project, requirements, now }),
          readiness: readinessFromNeonBranch(project.defaultBranchState),
        }),
      );
    } else if (!managed && k8s) {
      const type = {
        postgres: KUBERNETES_TYPES.cnpgCluster,
        dragonfly: KUBERNETES_TYPES.dragonfly,
        redis: KUBERNETES_TYPES.redis,
      }[status.engine];
      const result = copies(type, names.kubernetesName);
      if ('reason' in result) {
        // A posture the policy settles (no backups needed) does not depend on the cluster.
        if (backup.posture !== 'not-required') {
          backup = { ...backup, posture: 'unknown', detail: result.reason };
        }
        readiness = { state: 'unknown', message: result.reason };
        live.unknownReason = result.reason;
      } else {
        const backups: Array<
          DatastoreStatus['backup'] & { observed: ObservedPosture }
        > = [];
        const readinesses: Readiness[] = [];
        const composites: Readiness[] = [];
        const secrets: SecretSync[] = [];
        for (const object of result.found) {
          const mapped = this.backupOf(
            type,
            object,
            ctx.objects,
            requirements,
            now,
          );
          backups.push({
            ...mapped.backup,
            ...at(object),
            observed: mapped.observed,
          });
          // A Redis has no status of its own: its composite's Ready (its StatefulSet) tells.
          if (type !== KUBERNETES_TYPES.redis) {
            readinesses.push({
              ...readinessFromOperatorObject(object),
              ...at(object),
            });
          }
          if (type === KUBERNETES_TYPES.cnpgCluster) {
            secrets.push({
              ...secretSyncFromCnpgCluster(object),
              ...at(object),
            });
          }
        }
        for (const xr of ctx.objects.filter(
          o =>
            this.crossplaneKinds.has(o.kind ?? '') &&
            o.metadata.name === names.kubernetesName,
        )) {
          const health = crossplaneHealth(xr);
          live.crossplane = health;
          composites.push({ ...readinessFromComposite(health), ...at(xr) });
        }
        if (result.unreadable) {
          backups.push({
            posture: 'unknown',
            detail: result.unreadable,
            observed: {},
          });
          readinesses.push({ state: 'unknown', message: result.unreadable });
          secrets.push({ status: 'unknown', message: result.unreadable });
        }
        if (!result.found.length && !result.unreadable) {
          const absent = `No ${type.kind} ${names.kubernetesName} in the cluster yet.`;
          backups.push({
            posture: 'unknown',
            detail: absent,
            observed: {},
            ...clusterSeen,
          });
          readinesses.push({
            state: 'not-ready',
            message: absent,
            ...clusterSeen,
          });
          secrets.push({ status: 'pending', message: absent, ...clusterSeen });
        }
        const worst = worstOf(backups, 'posture', BACKUP_POSTURE_ORDER)!;
        const { observed: worstObserved, ...worstBackup } = worst;
        backup = worstBackup;
        observed = worstObserved;
        if (
          type === KUBERNETES_TYPES.redis &&
          result.found.length &&
          !composites.length
        ) {
          readinesses.push({
            state: 'unknown',
            message:
              'The Redis reports no status of its own, and its composite was not found.',
            ...clusterSeen,
          });
        }
        readiness = worstOf(
          [...readinesses, ...composites],
          'state',
          READINESS_ORDER,
        )!;
        if (type === KUBERNETES_TYPES.cnpgCluster) {
          secretSync = worstOf(secrets, 'status', SECRET_SYNC_ORDER)!;
        }
        if (readiness.phase) live.phase = readiness.phase;
      }
    }

    // An observation past its freshness bound proves nothing any more.
    const stale = (field: { observedAt?: string }, state: string) =>
      GREEN_STATES.has(state) && field.observedAt
        ? staleness(field.observedAt, this.deps.freshnessMs, now)
        : undefined;
    const staleBackup = stale(backup, backup.posture);
    if (staleBackup)
      backup = {
        ...backup,
        posture: 'unknown',
        detail: `Unknown (${staleBackup}): ${backup.detail}`,
      };
    const staleSync = stale(secretSync, secretSync.status);
    if (staleSync)
      secretSync = {
        ...secretSync,
        status: 'unknown',
        message: `Unknown (${staleSync}).`,
      };
    const staleReady = stale(readiness, readiness.state);
    if (staleReady)
      readiness = {
        ...readiness,
        state: 'unknown',
        message: `Unknown (${staleReady}).`,
      };

    const unproven =
      backup.posture === 'unknown' || backup.posture === 'declared'
        ? `backups are ${backup.posture}: ${backup.detail}`
        : undefined;
    return {
      ...status,
      backup,
      secretSync,
      readiness,
      policy: checkCompliance(status, observed, ctx.policy, unproven),
      ...(Object.keys(live).length ? { live } : {}),
    };
  }

  /**
   * Why no cluster can be read, when none can: Kubernetes is off in this backend, or the
   * Kubernetes backend has no cluster configured (its `clusters: []` default).
   */
  private noCluster(
    k8s: Source<KubernetesQueryResult> | undefined,
  ): string | undefined {
    if (!this.deps.kubernetes) {
      return 'live status from Kubernetes is off (this backend has no kubernetes config, or datastores.live.kubernetes.enabled is false)';
    }
    return k8s && !k8s.ok && k8s.noCluster ? k8s.reason : undefined;
  }

  /**
   * The SecretStores and ClusterSecretStores the service's ExternalSecrets reference, each read
   * in the cluster of the ExternalSecret (cached like the query).
   */
  private async referencedStores(
    objects: ClusterObject[],
  ): Promise<Map<string, Source<KubeObject | null>>> {
    const client = this.deps.kubernetes!;
    const wanted = new Map<string, { cluster: string; path: string }>();
    for (const es of objects.filter(
      o => o.kind === KUBERNETES_TYPES.externalSecret.kind,
    )) {
      const ref = storeRefOf(es);
      if (!ref.name) continue;
      const path =
        ref.kind === 'ClusterSecretStore'
          ? `/apis/external-secrets.io/v1/clustersecretstores/${encodeURIComponent(
              ref.name,
            )}`
          : `/apis/external-secrets.io/v1/namespaces/${encodeURIComponent(
              es.metadata.namespace ?? '',
            )}/secretstores/${encodeURIComponent(ref.name)}`;
      wanted.set(storeKey(es), { cluster: es.cluster, path });
    }
    const entries = await Promise.all(
      [...wanted].map(async ([key, { cluster, path }]) => {
        try {
          const value = await this.cached(
            `k8s-store:${cluster}:${path}`,
            () => {
              this.counters.kubernetes++;
              return client.getObject(cluster, path);
            },
          );
          return [key, { ok: true, value }] as const;
        } catch (error) {
          return [
            key,
            { ok: false, reason: (error as Error).message },
          ] as const;
        }
      }),
    );
    return new Map<string, Source<KubeObject | null>>(entries);
  }

  private backupOf(
    type: { kind: string },
    object: ClusterObject,
    objects: ClusterObject[],
    requirements: ReturnType<typeof backupRequirements>,
    now: Date,
  ): ObservedBackup {
    if (type === KUBERNETES_TYPES.cnpgCluster) {
      return backupFromCnpgCluster({
        cluster: object,
        objectStores: objects.filter(
          o =>
            o.kind === KUBERNETES_TYPES.objectStore.kind &&
            o.cluster === object.cluster,
        ),
        requirements,
        now,
      });
    }
    if (type === KUBERNETES_TYPES.dragonfly) {
      return backupFromDragonfly({ dragonfly: object, requirements, now });
    }
    return backupFromRedis({ redis: object, requirements });
  }
}
