import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostEstimate,
  DATASTORE_ANNOTATIONS,
  DatastoreStatus,
  DEFAULT_PRICES,
  Decision,
  EntityDatastores,
  Policy,
  ProviderCatalog,
  PriceTable,
  Refusal,
  KUBERNETES_ID_LABEL,
  datastoreLifecycle,
  decideEach,
  datastoresProvisionProductionPermission,
  estimateCost,
  providerTitle,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import { RequestStore, StoredRequest } from '../database/RequestStore';
import {
  LiveDatastoreStatus,
  LiveStatusReader,
} from '../live/LiveStatusReader';
import { CallerCache } from './CallerCache';
import { serviceRelationOf } from './serviceOf';
import { DayTwo, dayTwoFields, linkReplacements } from './dayTwoStatus';
import { describeEntity, describeRequest, toStatus } from './toStatus';

/** The service a datastore belongs to, from its `dependencyOf` relation. */
function serviceOf(resource: Entity): CompoundEntityRef | undefined {
  const ref = serviceRelationOf(resource);
  return ref ? parseEntityRef(ref) : undefined;
}

/**
 * A service's datastores as declared: its catalog Resources, then the requests not in the
 * catalog yet, each with its pull requests. `only`: just this datastore's entity ref.
 */
export function declaredStatuses(input: {
  serviceName: string;
  resources: Entity[];
  requests: StoredRequest[];
  policy: Policy;
  providers?: ProviderCatalog;
  only?: string;
}): DatastoreStatus[] {
  const { serviceName, policy, providers } = input;
  const pullRequestsOf = new Map<string, DatastoreStatus['pullRequests']>();
  const dayTwoOf = new Map<string, DayTwo>();
  const requested = input.requests.flatMap(({ request, updatedAt }) =>
    describeRequest(request).map(described => {
      const prs = request.pullRequests.map(({ apply, ...pr }) => ({
        ...pr,
        // Open when recorded; the refresh task keeps state and checks current.
        state: pr.state ?? 'open',
        checks: pr.checks ?? 'none',
        ...(apply?.[described.environment] && {
          apply: apply[described.environment],
        }),
      }));
      pullRequestsOf.set(described.entityRef, prs);
      dayTwoOf.set(
        described.entityRef,
        dayTwoFields(request, described.environment, updatedAt),
      );
      return described;
    }),
  );
  const datastores = input.resources.flatMap(resource => {
    const described = describeEntity(resource, serviceName);
    return described
      ? [
          toStatus(described, {
            inCatalog: true,
            serviceName,
            pullRequests: pullRequestsOf.get(described.entityRef) ?? [],
            policy,
            providers,
          }),
        ]
      : [];
  });
  const inCatalog = new Set(datastores.map(d => d.entityRef));
  for (const described of requested) {
    if (inCatalog.has(described.entityRef)) continue;
    if (input.only && described.entityRef !== input.only) continue;
    datastores.push(
      toStatus(described, {
        inCatalog: false,
        serviceName,
        pullRequests: pullRequestsOf.get(described.entityRef) ?? [],
        policy,
        providers,
      }),
    );
    inCatalog.add(described.entityRef);
  }
  return linkReplacements(
    datastores.map(d => ({ ...d, ...dayTwoOf.get(d.entityRef)?.fields })),
    dayTwoOf,
  );
}

/**
 * The status with its lifecycle, from its provisioning pull requests (provision or replace)
 * and the live readiness and secret sync it was refined with.
 */
export function withLifecycle(d: DatastoreStatus): DatastoreStatus {
  return {
    ...d,
    lifecycle: datastoreLifecycle({
      strategy: d.strategy,
      inCatalog: d.inCatalog,
      pullRequests: d.pullRequests.filter(p =>
        ['provision', 'replace'].includes(p.operation ?? 'provision'),
      ),
      readiness: d.readiness,
      composite: (d as LiveDatastoreStatus).live?.crossplane,
      secretSync: d.secretSync,
    }),
  };
}

/** How long a computed answer is reused for the same inputs. */
const MEMO_MS = 1000;

/** Everything the datastores API answers, over the catalog and the request store. */
export class DatastoresService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      store: RequestStore;
      permissions: PermissionsService;
      policy: Policy;
      /** The installed providers; the built-in ones unless given. */
      providers?: ProviderCatalog;
      /** The prices of the cost estimates (`datastores.costs`); the shipped ones by default. */
      prices?: PriceTable;
      /** Refines declared statuses with the clusters and AWS; declared only without it. */
      live?: LiveStatusReader;
      /** How long a caller's catalog answer for an entity is reused; 0 turns it off. */
      catalogCacheTtlMs?: number;
    },
  ) {
    this.catalogAnswers = new CallerCache({
      ttlMs: deps.catalogCacheTtlMs ?? 10_000,
    });
  }

  /** The last answer per catalog answer (which is per caller and entity), with its inputs. */
  private readonly answers = new WeakMap<
    Entity[],
    {
      inputs: {
        requests: StoredRequest[];
        view?: unknown;
        kubernetes?: boolean;
      };
      entityRef: string;
      at: number;
      value: EntityDatastores;
    }
  >();

  private readonly catalogAnswers: CallerCache<{
    entity: Entity;
    resources: Entity[];
  }>;

  /**
   * The entity, read with the caller's credentials (one they cannot read is not found), and its
   * datastore Resources. For a Component both come from ONE catalog call: the component, or
   * the Resources that are a `dependencyOf` it and carry the datastores annotations.
   */
  private async readEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; resources: Entity[] }> {
    const { catalog } = this.deps;
    const parsed = parseEntityRef(entityRef);
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'component') {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        throw new NotFoundError(
          `No entity ${entityRef}, or you may not read it`,
        );
      }
      return { entity, resources: [entity] };
    }
    const { items } = await catalog.getEntities(
      {
        filter: [
          {
            kind: 'component',
            'metadata.namespace': parsed.namespace,
            'metadata.name': parsed.name,
          },
          {
            kind: 'resource',
            'relations.dependencyOf': stringifyEntityRef(parsed),
            [`metadata.annotations.${DATASTORE_ANNOTATIONS.engine}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
      },
      { credentials },
    );
    const entity = items.find(
      e => e.kind.toLocaleLowerCase('en-US') === 'component',
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}, or you may not read it`);
    }
    return {
      entity,
      resources: items.filter(
        e => e.kind.toLocaleLowerCase('en-US') === 'resource',
      ),
    };
  }

  /**
   * The entity as the caller reads it (one they cannot read is not found), and the service
   * whose datastores it shows: itself for a Component, the one a datastore Resource belongs to.
   */
  private async target(entityRef: string, credentials: BackstageCredentials) {
    const { entity, resources } = await this.catalogAnswers.get(
      credentials,
      entityRef,
      () => this.readEntity(entityRef, credentials),
    );
    const ref = stringifyEntityRef(entity);
    const isResource = entity.kind.toLocaleLowerCase('en-US') === 'resource';
    const service = isResource
      ? serviceOf(entity)
      : getCompoundEntityRef(entity);
    if (!service) return { ref, isResource, entity, resources };
    const serviceRef = stringifyEntityRef({
      kind: 'component',
      namespace: service.namespace,
      name: service.name,
    });
    return {
      ref,
      isResource,
      entity,
      resources,
      service: {
        ref: serviceRef,
        name: service.name,
        // The Kubernetes backend selects the service's objects by this annotation.
        kubernetesId:
          entity.metadata.annotations?.[KUBERNETES_ID_LABEL] ?? service.name,
      },
    };
  }

  /**
   * What a refresh of an entity re-reads, found as {@link listForEntity} finds it: the service
   * (its ref and Kubernetes id) and its declared datastores. An entity the caller cannot read is
   * not found; one with no service has nothing to refresh.
   */
  async refreshTarget(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<{
    entityRef: string;
    service?: { ref: string; kubernetesId: string };
    datastores: DatastoreStatus[];
  }> {
    const { ref, isResource, resources, service } = await this.target(
      entityRef,
      credentials,
    );
    if (!service) return { entityRef: ref, datastores: [] };
    const requests = await this.deps.store.list({ serviceRef: service.ref });
    return {
      entityRef: ref,
      service: { ref: service.ref, kubernetesId: service.kubernetesId },
      datastores: declaredStatuses({
        serviceName: service.name,
        resources,
        requests,
        policy: this.deps.policy,
        providers: this.deps.providers,
        only: isResource ? ref : undefined,
      }),
    };
  }

  /**
   * A Component's datastores (catalog Resources merged with requests not in the catalog yet),
   * or a datastore Resource itself. An entity the caller cannot read is not found.
   */
  async listForEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityDatastores> {
    const { store, policy, providers } = this.deps;
    const { ref, isResource, resources, service } = await this.target(
      entityRef,
      credentials,
    );
    if (!service) {
      return { entityRef: ref, datastores: [], errors: [] };
    }
    const serviceRef = service.ref;

    const { live } = this.deps;
    const [requests, view, kubernetes] = await Promise.all([
      store.list({ serviceRef }),
      live?.view(),
      live?.mayReadKubernetes(credentials),
    ]);
    // The same inputs give the same answer: a card polled by many viewers is computed once per
    // catalog answer, requests and observations (and at most MEMO_MS ago, as freshness moves).
    const inputs = { requests, view, kubernetes };
    const memo = this.answers.get(resources);
    if (
      memo &&
      memo.inputs.requests === requests &&
      memo.inputs.view === view &&
      memo.inputs.kubernetes === kubernetes &&
      memo.entityRef === ref &&
      Date.now() - memo.at < MEMO_MS
    ) {
      return memo.value;
    }
    const datastores = declaredStatuses({
      serviceName: service.name,
      resources,
      requests,
      policy,
      providers,
      only: isResource ? ref : undefined,
    });
    const value: EntityDatastores =
      live && view && datastores.length
        ? {
            entityRef: ref,
            ...(await live.refine({
              serviceRef,
              serviceName: service.name,
              kubernetesId: service.kubernetesId,
              datastores,
              access: { kubernetes: kubernetes ?? false },
              policy,
              view,
            })),
          }
        : { entityRef: ref, datastores, errors: [] };
    value.datastores = value.datastores.map(withLifecycle);
    this.answers.set(resources, {
      inputs,
      entityRef: ref,
      at: Date.now(),
      value,
    });
    return value;
  }

  /**
   * The requests whose service the caller may read in the catalog (a service principal reads
   * every request: the action and the refresher act for the product, not for a user).
   */
  async readableRequests(
    requests: StoredRequest[],
    credentials: BackstageCredentials,
  ): Promise<StoredRequest[]> {
    if ((credentials.principal as { type?: string }).type === 'service') {
      return requests;
    }
    const services = [...new Set(requests.map(r => r.request.service))];
    if (!services.length) return [];
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs: services,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const readable = new Set(
      items.flatMap(entity => (entity ? [stringifyEntityRef(entity)] : [])),
    );
    return requests.filter(r => readable.has(r.request.service));
  }

  /**
   * Each environment's decision, or its refusal with a hint (one refused environment does not
   * hide the others), the estimated monthly cost of the decided ones at the body's `size`
   * (small by default), and whether the caller may go on: a managed production datastore needs
   * `datastores.provision.production`. Input that is not a request at all is a 400.
   */
  async decisions(
    input: unknown,
    credentials: BackstageCredentials,
  ): Promise<{
    decisions: Decision[];
    refusals: Refusal[];
    /** Absent when the prices do not cover a decided provider. */
    cost?: CostEstimate;
    allowed: boolean;
  }> {
    const body = (typeof input === 'object' && input) || {};
    const request = validateDatastoreRequest({
      service: 'component:default/decision',
      name: 'preview',
      ...body,
    });
    const decided = decideEach(request, this.deps.policy, this.deps.providers);
    const { refusals } = decided;
    const decisions = decided.decisions.map(d => ({
      ...d,
      providerTitle: providerTitle(d.provider, this.deps.providers),
    }));
    const cost = estimateCost(
      decisions,
      request.size,
      this.deps.prices ?? DEFAULT_PRICES,
      this.deps.providers,
    );
    const needsPermission = decisions.some(
      d => d.strategy === 'managed' && d.environment === 'production',
    );
    if (!needsPermission) {
      return { decisions, refusals, ...(cost && { cost }), allowed: true };
    }
    const [result] = await this.deps.permissions.authorize(
      [{ permission: datastoresProvisionProductionPermission }],
      { credentials },
    );
    return {
      decisions,
      refusals,
      ...(cost && { cost }),
      allowed: result.result === AuthorizeResult.ALLOW,
    };
  }
}
