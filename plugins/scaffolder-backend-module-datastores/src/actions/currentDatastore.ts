import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DATASTORE_ANNOTATIONS,
  DatastoreTarget,
  ENVIRONMENTS,
  Environment,
  KUBERNETES_ANNOTATIONS,
  ProvisioningRequestRecord,
  datastoreEntityRef,
  validateRequestRecord,
} from '@datastores/plugin-datastores-common';
import {
  DatastoresConfig,
  PullRequestEngine,
} from '@datastores/plugin-datastores-node';

/** A service's recorded requests (the datastores backend's `GET /v1/requests`). */
export type RequestsReader = (
  serviceRef: string,
) => Promise<ProvisioningRequestRecord[]>;

/**
 * A datastore as the catalog has it, when the backend has no request for it (it was added by
 * hand, or before the product): one Resource per environment, read from their annotations.
 * The size is not in the catalog: `small` is assumed, and the change says so.
 */
function fromCatalog(
  target: DatastoreTarget,
  resources: Entity[],
): ProvisioningRequestRecord | undefined {
  const serviceRef = stringifyEntityRef(target.service);
  const mine = resources.flatMap(resource => {
    const a = resource.metadata.annotations ?? {};
    const environment = a[DATASTORE_ANNOTATIONS.environment] as Environment;
    if (!(ENVIRONMENTS as readonly string[]).includes(environment)) return [];
    const ref = datastoreEntityRef({
      service: target.service,
      name: target.name,
      environment,
    });
    return stringifyEntityRef(resource) === ref
      ? [{ resource, environment, a, ref }]
      : [];
  });
  if (!mine.length) return undefined;
  const first = mine[0];
  const kind = first.resource.spec?.type;
  return validateRequestRecord({
    service: serviceRef,
    name: target.name,
    kind,
    engine: first.a[DATASTORE_ANNOTATIONS.engine],
    environments: mine.map(m => m.environment),
    criticality: first.a[DATASTORE_ANNOTATIONS.criticality],
    size: 'small',
    ...(first.a[KUBERNETES_ANNOTATIONS.namespace] && {
      namespace: first.a[KUBERNETES_ANNOTATIONS.namespace],
    }),
    ...(typeof first.resource.spec?.owner === 'string' && {
      owner: first.resource.spec.owner,
    }),
    decisions: mine.map(m => {
      const strategy = m.a[DATASTORE_ANNOTATIONS.strategy];
      return {
        environment: m.environment,
        strategy,
        provider: m.a[DATASTORE_ANNOTATIONS.provider],
        target: strategy === 'managed' ? 'terraform' : 'gitops',
        rationale: 'as the catalog has it',
      };
    }),
    pullRequests: [],
    resources: mine.map(m => m.ref),
  });
}

/**
 * The datastore a change or a decommission starts from: the backend's record of it, else the
 * catalog's entities. Not found when neither knows it (or the initiator may not read the
 * service); a conflict while one of its pull requests is still open, since a second one would
 * fight it.
 */
export async function readCurrentDatastore(
  target: DatastoreTarget,
  deps: {
    requests: RequestsReader;
    catalog: CatalogService;
    credentials: BackstageCredentials;
  },
): Promise<{ record: ProvisioningRequestRecord; service: Entity }> {
  const serviceRef = stringifyEntityRef(target.service);
  const service = await deps.catalog.getEntityByRef(serviceRef, {
    credentials: deps.credentials,
  });
  if (!service) {
    throw new NotFoundError(
      `service ${serviceRef} is not in the catalog, or you may not read it`,
    );
  }
  const records = await deps.requests(serviceRef).catch(error => {
    throw new ServiceUnavailableError(
      `Could not ask the datastores backend for the datastores of ${serviceRef}; nothing was written: ${
        (error as Error).message
      }`,
    );
  });
  let record = records.find(r => r.name === target.name);
  if (!record) {
    const { items } = await deps.catalog.getEntities(
      {
        filter: {
          kind: 'resource',
          'relations.dependencyOf': serviceRef,
          [`metadata.annotations.${DATASTORE_ANNOTATIONS.engine}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials: deps.credentials },
    );
    record = fromCatalog(target, items);
  }
  if (!record) {
    throw new NotFoundError(
      `${serviceRef} has no datastore named "${target.name}" (neither requested nor in the catalog)`,
    );
  }
  return { record, service };
}

/**
 * What a day-2 action takes from the service as the initiator reads it: the id its objects are
 * labelled with, its owner and its system (as `datastores:provision` does).
 */
export function serviceFacts(service: Entity) {
  const annotations = service.metadata.annotations ?? {};
  return {
    kubernetesId: annotations[KUBERNETES_ANNOTATIONS.id],
    owner:
      typeof service.spec?.owner === 'string' ? service.spec.owner : undefined,
    system:
      typeof service.spec?.system === 'string'
        ? service.spec.system
        : undefined,
  };
}

/**
 * The record with the state of each pull request it holds as open read from GitHub now (one
 * query per owner): the refresher's view may be minutes old, and a merge just made must count.
 * A dry run keeps the recorded states and calls nothing.
 */
export async function withLiveStates(
  record: ProvisioningRequestRecord,
  engine: Pick<PullRequestEngine, 'getPullRequestStatuses'>,
  config: DatastoresConfig,
  isDryRun: boolean,
): Promise<ProvisioningRequestRecord> {
  const open = record.pullRequests.filter(p => (p.state ?? 'open') === 'open');
  if (isDryRun || !open.length) return record;
  const outcomes = await engine.getPullRequestStatuses(
    open.map(p => ({
      repo: config.targets[p.target].repoUrl,
      number: p.number,
    })),
  );
  const states = new Map(
    outcomes.map((outcome, i) => {
      if (!outcome.ok) {
        throw new ServiceUnavailableError(
          `Could not read ${open[i].url} on GitHub; nothing was written: ${outcome.error.message}`,
        );
      }
      return [open[i].url, outcome.status.state] as const;
    }),
  );
  return {
    ...record,
    pullRequests: record.pullRequests.map(p =>
      states.has(p.url) ? { ...p, state: states.get(p.url) } : p,
    ),
  };
}

/**
 * Refuses while one of the datastore's pull requests (except those of `operation`, which a
 * re-run updates) is open: two pull requests editing one datastore would conflict.
 */
export function assertNoOpenPullRequest(
  record: ProvisioningRequestRecord,
  except: ReadonlyArray<string> = [],
) {
  const open = record.pullRequests.filter(
    p =>
      (p.state ?? 'open') === 'open' &&
      !except.includes(p.operation ?? 'provision'),
  );
  if (open.length) {
    throw new ConflictError(
      `${record.name} of ${record.service} has an open pull request: ${open
        .map(p => p.url)
        .join(
          ', ',
        )}. Merge or close it first (or change it there); nothing was written.`,
    );
  }
}

/**
 * The record with its pull requests' states read now, refused while one of them is open
 * (except those of `except`, which a re-run updates). A dry run reads nothing, so it cannot
 * tell an open pull request from one merged since: it is not refused.
 */
export async function withNoOtherOpenPullRequest(
  record: ProvisioningRequestRecord,
  engine: Pick<PullRequestEngine, 'getPullRequestStatuses'>,
  config: DatastoresConfig,
  isDryRun: boolean,
  except: ReadonlyArray<string>,
): Promise<ProvisioningRequestRecord> {
  const live = await withLiveStates(record, engine, config, isDryRun);
  if (!isDryRun) assertNoOpenPullRequest(live, except);
  return live;
}
