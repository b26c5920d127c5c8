import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  DatastoreRequest,
  Decision,
  KUBERNETES_ANNOTATIONS,
  NameOwner,
  ProvisioningRequestRecord,
  Target,
  TARGETS,
  assertNamesFree,
  datastoreEntityRef,
  decide,
  validateDatastoreRequest,
  validatePullRequestOptions,
} from '@datastores/plugin-datastores-common';
import { DatastoresConfig, requireTargets } from '../config';
import { PullRequestRequest } from '../github/types';
import { pullRequestBranch, pullRequestText } from '../pullRequestText';
import { RenderedFile } from '../render/context';
import { renderDatastores } from '../render/renderDatastore';
import { filesOf, pullRequestsOf } from './pullRequestsOf';

/**
 * What planning a provisioning reads, as the caller may see it.
 * @public
 */
export interface ProvisionPlanSources {
  /** Undefined when `datastores.targets` is not configured: planning then says so. */
  config: DatastoresConfig | undefined;
  /** The service as the caller may read it; undefined when it is not in the catalog or hidden. */
  service: (entityRef: string) => Promise<Entity | undefined>;
  /** Who holds the datastore's names across every catalog namespace. */
  nameOwners: (input: {
    service: string;
    name: string;
  }) => Promise<{ stem: string; owners: NameOwner[] }>;
}

/**
 * Everything a provisioning would do, computed and checked, with nothing written.
 * @public
 */
export interface ProvisionPlan {
  request: DatastoreRequest;
  decisions: Decision[];
  /** Every rendered file, by target repo. */
  files: RenderedFile[];
  /** The catalog refs of the datastores, one per environment. */
  resources: string[];
  /** The pull requests it opens, one per target repo that has files. */
  pullRequests: Array<PullRequestRequest & { target: Target }>;
  /** The request as the backend records it, before its pull requests are known. */
  record: ProvisioningRequestRecord;
  /** A managed production datastore needs `datastores.provision.production`. */
  needsProductionPermission: boolean;
}

/** The service's namespace, Kubernetes id, owner and system fill what the input leaves out. */
function completeRequest(
  input: Record<string, unknown>,
  request: DatastoreRequest,
  service: Entity,
) {
  // Its Kubernetes annotations, unless the input says otherwise: its namespace, and the id the
  // Kubernetes plugin selects its objects by (the label they all carry).
  const annotations = service.metadata.annotations ?? {};
  const fromService = {
    ...(input.namespace === undefined &&
      annotations[KUBERNETES_ANNOTATIONS.namespace] && {
        namespace: annotations[KUBERNETES_ANNOTATIONS.namespace],
      }),
    ...(input.kubernetesId === undefined &&
      annotations[KUBERNETES_ANNOTATIONS.id] && {
        kubernetesId: annotations[KUBERNETES_ANNOTATIONS.id],
      }),
  };
  const completed = Object.keys(fromService).length
    ? validateDatastoreRequest({ ...input, ...fromService })
    : request;
  const owner =
    (typeof input.owner === 'string' && input.owner) ||
    (typeof service.spec?.owner === 'string' ? service.spec.owner : undefined);
  if (!owner) {
    throw new InputError(
      `owner is required: ${stringifyEntityRef(
        service,
      )} has no spec.owner to default to`,
    );
  }
  const system =
    typeof service.spec?.system === 'string' ? service.spec.system : undefined;
  return { request: completed, owner, system };
}

/**
 * Plans `datastores:provision`: validates the input, decides each environment by the policy,
 * completes the request from the service's catalog entry, refuses names another service holds,
 * renders every file and lays out one pull request per target repo. The scaffolder action runs
 * it before opening the pull requests (and stops there on a dry run); the backend's
 * `datastores:provision-dry-run` action answers with it. Refusals are `InputError`s naming the
 * field; nothing here writes.
 * @public
 */
export async function planProvision(
  input: Record<string, unknown>,
  sources: ProvisionPlanSources,
): Promise<ProvisionPlan> {
  // Every input is checked before anything leaves this process.
  const validated = validateDatastoreRequest(input);
  // Reviewers, teams and labels by GitHub's rules; only these reach the pull requests.
  const pullRequestOptions = validatePullRequestOptions(input);
  const config = requireTargets(sources.config);
  const decideOne = (environment: DatastoreRequest['environments'][number]) =>
    decide(
      {
        kind: validated.kind,
        engine: validated.engine,
        environment,
        criticality: validated.criticality,
      },
      config.policy,
      config.providers.catalog,
    );
  validated.environments.forEach(decideOne); // a refusal stops here, before any I/O

  const serviceRef = stringifyEntityRef(validated.service);
  const entity = await sources.service(serviceRef);
  if (!entity) {
    throw new NotFoundError(
      `service ${serviceRef} is not in the catalog, or you may not read it`,
    );
  }
  const { request, owner, system } = completeRequest(input, validated, entity);
  const decisions = request.environments.map(decideOne);

  // Names are unique across catalog namespaces: another service's names are refused before
  // anything is written.
  const { stem, owners } = await sources
    .nameOwners({ service: serviceRef, name: request.name })
    .catch(error => {
      throw new ServiceUnavailableError(
        `Could not ask the datastores backend who holds the names of ${serviceRef} datastore "${
          request.name
        }"; nothing was written: ${(error as Error).message}`,
      );
    });
  assertNamesFree({ service: serviceRef, name: request.name, stem, owners });

  const files = renderDatastores(request, decisions, config, { owner, system });
  const resources = decisions.map(d =>
    datastoreEntityRef({
      service: request.service,
      name: request.name,
      environment: d.environment,
    }),
  );
  const record: ProvisionPlan['record'] = {
    service: serviceRef,
    name: request.name,
    kind: request.kind,
    engine: request.engine,
    environments: request.environments,
    criticality: request.criticality,
    size: request.size,
    namespace: request.namespace,
    owner,
    decisions: decisions.map(d => ({
      environment: d.environment,
      strategy: d.strategy,
      provider: d.provider,
      target: d.target,
      rationale: d.rationale,
    })),
    pullRequests: [],
    resources,
    catalogFiles: files.flatMap(f =>
      f.entityRef
        ? [{ target: f.target, path: f.path, entityRef: f.entityRef }]
        : [],
    ),
  };
  const pullRequests = pullRequestsOf(
    TARGETS.map(target => ({
      target,
      files: filesOf(files, target),
      ...pullRequestText(
        request,
        decisions,
        target,
        record,
        config.costs,
        config.providers.catalog,
      ),
      labels: [
        ...new Set(
          decisions
            .filter(d => target === 'gitops' || d.target === target)
            .map(d => d.strategy),
        ),
      ],
    })),
    config,
    pullRequestBranch(request),
    pullRequestOptions,
  );
  return {
    request,
    decisions,
    files,
    resources,
    pullRequests,
    record,
    needsProductionPermission: decisions.some(
      d => d.strategy === 'managed' && d.environment === 'production',
    ),
  };
}
