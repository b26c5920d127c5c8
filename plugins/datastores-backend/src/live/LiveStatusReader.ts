import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kubernetesResourcesReadPermission } from '@backstage/plugin-kubernetes-common';
import {
  DatastoreStatus,
  GREEN_STATES,
  ObservedPosture,
  Policy,
  backupRequirements,
  checkCompliance,
  deriveNames,
  staleness,
} from '@datastores/plugin-datastores-common';
import {
  CrossplaneHealth,
  DatastoreProviders,
  KubeObject,
} from '@datastores/plugin-datastores-node';
import { ObservationView } from '../database/ObservationStore';
import {
  CrossplaneKinds,
  crossplaneKindsFromConfig,
  typesFor,
} from './kubernetesTypes';
import { cloudStatus } from './cloudStatus';
import { clusterView } from './clusterView';
import { externalSecretSync } from './externalSecretSync';
import { operatorStatus } from './operatorStatus';
import {
  ClusterObject,
  KubernetesObservations,
  Observed,
  Source,
  readCloudObservations,
  readKubernetesObservations,
} from './observedSources';

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

/** What a secret sync says when no cluster is configured, before why. */
export const NO_CLUSTER_MESSAGE =
  "No cluster is configured, so the secret's sync cannot be observed";

/** Types whose absence or failure never makes a field unknown (they only add detail). */
const OPTIONAL_PLURALS = new Set(['objectstores']);

/** The collector's cloud sources the reader looks names up in, by provider id (`rds`, `neon`). */
export type CloudSources = Record<string, { id: string; kind: string }>;

/**
 * Refines declared statuses with what the collector last observed in the clusters (through
 * the Kubernetes backend), AWS and Neon: no upstream call on a user's request. A source that is
 * not current turns only the fields that depend on it into `unknown` with the reason, listed
 * in `errors`; an observation past its freshness bound proves nothing any more.
 */
export class LiveStatusReader {
  private readonly crossplaneKinds: Set<string>;

  constructor(
    private readonly deps: {
      /** The collector's latest observations. */
      observations: { view(): Promise<ObservationView> };
      /** Whether live status from Kubernetes is on (the collector lists the clusters). */
      kubernetes: boolean;
      cloud: CloudSources;
      permissions: PermissionsService;
      /** How old an observation may be and still make a field green. */
      freshnessMs: number;
      crossplane: CrossplaneKinds;
      /** The installed providers: how each one's live state is read. */
      providers: DatastoreProviders;
    },
  ) {
    this.crossplaneKinds = new Set([
      deps.crossplane.postgres.kind,
      deps.crossplane.cache.kind,
    ]);
  }

  static fromConfig(
    config: Config,
    deps: Omit<
      ConstructorParameters<typeof LiveStatusReader>[0],
      'crossplane' | 'freshnessMs' | 'providers'
    > & { providers?: DatastoreProviders },
  ): LiveStatusReader {
    return new LiveStatusReader({
      ...deps,
      freshnessMs:
        (config.getOptionalNumber('datastores.live.freshnessSeconds') ?? 120) *
        1000,
      crossplane: crossplaneKindsFromConfig(config),
      providers: deps.providers ?? DatastoreProviders.create(),
    });
  }

  /** The observations a status is refined with now (the collector's last cycle). */
  view(): Promise<ObservationView> {
    return this.deps.observations.view();
  }

  /**
   * Whether the caller may see live Kubernetes fields (`kubernetes.resources.read`); false
   * without asking when live status from Kubernetes is off.
   */
  async mayReadKubernetes(credentials: BackstageCredentials): Promise<boolean> {
    if (!this.deps.kubernetes) return false;
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: kubernetesResourcesReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private async kubernetes(
    kubernetesId: string,
    datastores: DatastoreStatus[],
    allowed: boolean,
    view: ObservationView,
  ): Promise<Source<KubernetesObservations>> {
    if (!allowed) {
      return {
        ok: false,
        reason: `You may not read Kubernetes resources (${kubernetesResourcesReadPermission.name}).`,
      };
    }
    return readKubernetesObservations(
      view,
      kubernetesId,
      typesFor(datastores, this.deps.crossplane, this.deps.providers),
    );
  }

  /** Refines the declared statuses of one service's datastores. */
  async refine(input: {
    serviceRef: string;
    serviceName: string;
    /** The service's `backstage.io/kubernetes-id` (the label its objects carry), else its name. */
    kubernetesId?: string;
    datastores: DatastoreStatus[];
    policy: Policy;
    /** Whether the caller may see live Kubernetes fields, or their credentials to ask. */
    access: { credentials: BackstageCredentials } | { kubernetes: boolean };
    /** Where observations are read: the store, unless a snapshot is given. */
    view?: ObservationView;
  }): Promise<{
    datastores: LiveDatastoreStatus[];
    errors: { message: string }[];
  }> {
    const { datastores, serviceName, policy, access } = input;
    const { cloud } = this.deps;
    const store = input.view ?? (await this.deps.observations.view());
    const inCatalog = datastores.filter(d => d.inCatalog);
    // The managed datastores' cloud objects, per provider that has a reader and a lister.
    const cloudReads = this.deps.providers
      .withLive('cloud')
      .filter(p => cloud[p.id])
      .map(async p => {
        const names = inCatalog
          .filter(d => d.provider === p.id)
          .map(d =>
            p.cloud!.nameOf(
              deriveNames({
                service: serviceName,
                name: d.name,
                environment: d.environment,
              }),
            ),
          );
        return [
          p.id,
          await readCloudObservations<unknown>(
            store,
            cloud[p.id],
            names,
            p.cloud!.title,
          ),
        ] as const;
      });
    // The Kubernetes backend selects the service's objects by this label.
    const kubernetesId = input.kubernetesId ?? serviceName;
    const [k8s, cloudObservations] = await Promise.all([
      this.deps.kubernetes && inCatalog.length
        ? (async () =>
            this.kubernetes(
              kubernetesId,
              inCatalog,
              'kubernetes' in access
                ? access.kubernetes
                : await this.mayReadKubernetes(access.credentials),
              store,
            ))()
        : Promise.resolve(undefined),
      Promise.all(cloudReads).then(entries => new Map(entries)),
    ]);
    const errors: { message: string }[] = [];
    if (k8s && !k8s.ok && !k8s.noCluster) errors.push({ message: k8s.reason });
    for (const observed of cloudObservations.values()) {
      for (const [id, source] of observed) {
        if (!source.ok) errors.push({ message: `${id}: ${source.reason}` });
      }
    }
    if (k8s?.ok) {
      for (const failure of k8s.value.failures) {
        if (!OPTIONAL_PLURALS.has(failure.plural)) {
          errors.push({ message: `Kubernetes: ${failure.reason}` });
        }
      }
    }
    const objects = k8s?.ok ? k8s.value.objects : [];
    const stores = k8s?.ok ? k8s.value.stores : new Map();

    const refined = datastores.map(status =>
      this.refineOne(status, {
        serviceName,
        policy,
        k8s,
        objects,
        stores,
        cloud: cloudObservations,
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
      k8s: Source<KubernetesObservations> | undefined;
      objects: ClusterObject[];
      /** The stores the ExternalSecrets reference, by `cluster/kind/namespace/name`. */
      stores: Map<string, Source<KubeObject | null>>;
      /** Per provider id, its cloud objects by name. */
      cloud: Map<string, Map<string, Source<Observed<unknown | null>>>>;
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
    // A provider since uninstalled reads nothing: its status stays declared.
    const provider = this.deps.providers.find(status.provider);
    const view = clusterView(k8s, ctx.objects);

    // Secret sync: a managed datastore's ExternalSecret, a cache's from its Composition, or the
    // secret its operator writes (CloudNativePG's, below).
    let secretSync = status.secretSync;
    const externalSecret = (name: string, terraformPending: boolean) =>
      externalSecretSync({
        view,
        stores: ctx.stores,
        name,
        terraformPending,
        now,
      });
    if (k8s && managed) {
      secretSync = externalSecret(
        names.externalSecretName,
        status.pullRequests.some(
          pr =>
            (pr.target ?? 'terraform') === 'terraform' && pr.state === 'open',
        ),
      );
    } else if (k8s && !provider?.kubernetes?.secretSync) {
      // The Composition syncs the connection secret with an ExternalSecret of the same name.
      secretSync = externalSecret(names.connectionSecretName, false);
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
    let live: LiveFields = {};
    const cloudReader = provider?.cloud;
    const cloudSource =
      cloudReader &&
      ctx.cloud.get(status.provider)?.get(cloudReader.nameOf(names));
    if (managed && cloudReader && cloudSource) {
      ({ backup, readiness, observed } = cloudStatus({
        reader: cloudReader,
        name: cloudReader.nameOf(names),
        source: cloudSource,
        declared: { backup, readiness },
        requirements,
        now,
      }));
    } else if (!managed && k8s && provider?.kubernetes) {
      ({ backup, readiness, secretSync, observed, live } = operatorStatus({
        operator: provider.kubernetes,
        view,
        name: names.kubernetesName,
        compositeKinds: this.crossplaneKinds,
        declared: { backup, readiness, secretSync },
        requirements,
        now,
      }));
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
      policy: checkCompliance(
        status,
        observed,
        ctx.policy,
        unproven,
        this.deps.providers.catalog,
      ),
      ...(Object.keys(live).length ? { live } : {}),
    };
  }

  /**
   * Why no cluster can be read, when none can: Kubernetes is off in this backend, or the
   * Kubernetes backend has no cluster configured (its `clusters: []` default).
   */
  private noCluster(
    k8s: Source<KubernetesObservations> | undefined,
  ): string | undefined {
    if (!this.deps.kubernetes) {
      return 'live status from Kubernetes is off (this backend has no kubernetes config, or datastores.live.kubernetes.enabled is false)';
    }
    return k8s && !k8s.ok && k8s.noCluster ? k8s.reason : undefined;
  }
}
