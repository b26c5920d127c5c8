import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DATASTORE_ANNOTATIONS,
  FleetCounts,
  FleetPage,
  FleetQuery,
  FleetRow,
  KUBERNETES_ID_LABEL,
  Policy,
  ProviderCatalog,
  fleetCounts,
  fleetPage,
} from '@datastores/plugin-datastores-common';
import { ObservationView } from '../database/ObservationStore';
import { RequestStore, StoredRequest } from '../database/RequestStore';
import { LiveStatusReader } from '../live/LiveStatusReader';
import { CallerCache } from './CallerCache';
import { TtlCache } from './TtlCache';
import { declaredStatuses, withLifecycle } from './DatastoresService';
import { serviceRelationOf } from './serviceOf';

const DATASTORE_FILTER = {
  kind: 'resource',
  [`metadata.annotations.${DATASTORE_ANNOTATIONS.engine}`]:
    CATALOG_FILTER_EXISTS,
};

/** Every row, as of `computedAt`. */
interface Rows {
  computedAt: string;
  rows: FleetRow[];
}

/**
 * The fleet: every datastore of every service, with its status and lifecycle, as the status
 * endpoint would answer for each service. Computed for all once (as the plugin, from one catalog call, the
 * requests and one snapshot of the observations) and kept `ttlMs`; each caller then sees the
 * rows whose datastore (or, before it is in the catalog, whose service) they may read, from
 * one catalog call with their credentials.
 */
export class FleetService {
  private readonly computed: TtlCache<Rows>;
  private readonly readable: CallerCache<Set<string>>;
  /** Per caller's readable set: their rows and counts over the rows it was made from. */
  private readonly visible = new WeakMap<
    Set<string>,
    { rows: FleetRow[]; mine: FleetRow[]; counts: FleetCounts }
  >();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      requests: RequestStore;
      /** The collector's latest observations. */
      observations: { view(): Promise<ObservationView> };
      live?: LiveStatusReader;
      policy: Policy;
      /** The installed providers; the built-in ones unless given. */
      providers?: ProviderCatalog;
      /** How long computed rows are reused; their statuses are at most this much older. */
      ttlMs: number;
      /** How long a caller's readable set is reused. */
      catalogCacheTtlMs: number;
    },
  ) {
    // Past their time to live, the last rows (and a caller's last readable set) are answered
    // for as long again while one reload runs: no request waits on the periodic recompute.
    this.computed = new TtlCache({ ttlMs: deps.ttlMs, staleMs: deps.ttlMs });
    this.readable = new CallerCache({
      ttlMs: deps.catalogCacheTtlMs,
      staleMs: deps.catalogCacheTtlMs,
    });
  }

  async page(
    query: FleetQuery,
    credentials: BackstageCredentials,
  ): Promise<FleetPage> {
    const [readable, kubernetes] = await Promise.all([
      this.readable.get(credentials, 'fleet', () =>
        this.readableRefs(credentials),
      ),
      this.deps.live?.mayReadKubernetes(credentials) ?? false,
    ]);
    const { rows, computedAt } = await this.computed.get(
      kubernetes ? 'with-kubernetes' : 'without-kubernetes',
      () => this.compute(kubernetes),
    );
    let seen = this.visible.get(readable);
    if (seen?.rows !== rows) {
      const mine = rows.filter(r =>
        readable.has(r.datastore.inCatalog ? r.datastore.entityRef : r.service),
      );
      seen = { rows, mine, counts: fleetCounts(mine) };
      this.visible.set(readable, seen);
    }
    return fleetPage(seen.mine, query, computedAt, seen.counts);
  }

  /** Every row, computed now as the plugin sees it (what the notifier tells from). */
  async everyRow(): Promise<FleetRow[]> {
    return (await this.compute(true)).rows;
  }

  /** The datastore Resources and Components the caller may read, by entity ref. */
  private async readableRefs(
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [DATASTORE_FILTER, { kind: 'component' }],
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    return new Set(items.map(e => stringifyEntityRef(e)));
  }

  private async compute(kubernetes: boolean): Promise<Rows> {
    const { catalog, auth, requests, observations, live, policy, providers } =
      this.deps;
    const computedAt = new Date().toISOString();
    const credentials = await auth.getOwnServiceCredentials();
    const [{ items }, stored, view] = await Promise.all([
      catalog.getEntities(
        {
          filter: [DATASTORE_FILTER, { kind: 'component' }],
          fields: ['kind', 'metadata', 'spec.type', 'spec.owner', 'relations'],
        },
        { credentials },
      ),
      requests.list({}),
      live ? observations.view() : undefined,
    ]);
    const components = new Map<string, Entity>();
    const resourcesOf = new Map<string, Entity[]>();
    for (const entity of items) {
      if (entity.kind.toLocaleLowerCase('en-US') === 'component') {
        components.set(stringifyEntityRef(entity), entity);
        continue;
      }
      const service = serviceRelationOf(entity);
      if (!service) continue;
      resourcesOf.set(service, [...(resourcesOf.get(service) ?? []), entity]);
    }
    const requestsOf = new Map<string, StoredRequest[]>();
    for (const r of stored) {
      const service = r.request.service;
      requestsOf.set(service, [...(requestsOf.get(service) ?? []), r]);
    }
    const services = [
      ...new Set([...resourcesOf.keys(), ...requestsOf.keys()]),
    ].sort();
    const perService = await Promise.all(
      services.map(async serviceRef => {
        const component = components.get(serviceRef);
        const serviceName = parseEntityRef(serviceRef).name;
        let datastores = declaredStatuses({
          serviceName,
          resources: resourcesOf.get(serviceRef) ?? [],
          requests: requestsOf.get(serviceRef) ?? [],
          policy,
          providers,
        });
        if (live && datastores.length) {
          ({ datastores } = await live.refine({
            serviceRef,
            serviceName,
            kubernetesId:
              component?.metadata.annotations?.[KUBERNETES_ID_LABEL] ??
              serviceName,
            datastores,
            policy,
            access: { kubernetes },
            view,
          }));
        }
        const owner = ownerRef(component);
        // Each with its lifecycle, as the status endpoint answers it.
        datastores = datastores.map(withLifecycle);
        // In a stable order: by service, then by datastore.
        datastores.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
        return datastores.map(
          (datastore): FleetRow => ({
            service: serviceRef,
            ...(owner ? { owner } : {}),
            datastore,
          }),
        );
      }),
    );
    return { computedAt, rows: perService.flat() };
  }
}

/** The component's `spec.owner` as a full entity ref (a bare name is a group's). */
function ownerRef(component: Entity | undefined): string | undefined {
  const owner = component?.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: component!.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}
