import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CONNECTION_KEYS,
  CRITICALITY_LEVELS,
  DATASTORE_ANNOTATIONS,
  DATASTORE_ENGINES,
  DATASTORE_KINDS,
  DatastorePullRequest,
  DatastoreStatus,
  ENGINES_BY_KIND,
  ENVIRONMENTS,
  Policy,
  PROVIDER_FACTS,
  PROVIDER_ID_PATTERN,
  ProviderCatalog,
  providerTitle,
  ProvisioningRequestRecord,
  STRATEGIES,
  checkCompliance,
  decide,
  deriveNames,
  parseRef,
} from '@datastores/plugin-datastores-common';

/** The description of a datastore that both catalog entities and requests provide. */
type Described = Pick<
  DatastoreStatus,
  | 'entityRef'
  | 'name'
  | 'kind'
  | 'engine'
  | 'environment'
  | 'criticality'
  | 'strategy'
  | 'provider'
>;

function oneOf<T extends string>(
  allowed: readonly T[],
  value: unknown,
): T | undefined {
  return (allowed as readonly unknown[]).includes(value)
    ? (value as T)
    : undefined;
}

/**
 * Reads a datastore `Resource` entity's annotations; undefined when it is not a datastore
 * (or its annotations are not ours to read).
 */
export function describeEntity(
  entity: Entity,
  serviceName?: string,
): Described | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const annotation = <T extends string>(
    key: keyof typeof DATASTORE_ANNOTATIONS,
    allowed: readonly T[],
  ) => oneOf(allowed, annotations[DATASTORE_ANNOTATIONS[key]]);
  const kind = oneOf(DATASTORE_KINDS, entity.spec?.type);
  const engine = annotation('engine', DATASTORE_ENGINES);
  const environment = annotation('environment', ENVIRONMENTS);
  const criticality = annotation('criticality', CRITICALITY_LEVELS);
  const strategy = annotation('strategy', STRATEGIES);
  // Any well-formed id: a provider uninstalled since still shows, refused by the policy.
  const rawProvider = annotations[DATASTORE_ANNOTATIONS.provider];
  const provider =
    typeof rawProvider === 'string' && PROVIDER_ID_PATTERN.test(rawProvider)
      ? rawProvider
      : undefined;
  if (
    entity.kind.toLocaleLowerCase('en-US') !== 'resource' ||
    !kind ||
    !engine ||
    !environment ||
    !criticality ||
    !strategy ||
    !provider
  ) {
    return undefined;
  }
  if (!ENGINES_BY_KIND[kind].includes(engine)) return undefined;
  // The datastore name sits between the service name and the environment.
  const entityName = entity.metadata.name;
  const prefix = serviceName ? `${serviceName}-` : '';
  const suffix = `-${environment}`;
  const name =
    prefix && entityName.startsWith(prefix) && entityName.endsWith(suffix)
      ? entityName.slice(prefix.length, -suffix.length)
      : entityName;
  return {
    entityRef: stringifyEntityRef(entity),
    name,
    kind,
    engine,
    environment,
    criticality,
    strategy,
    provider,
  };
}

/** Why a managed datastore's backups are not observed, and what would observe them. */
function notObservedManaged(
  provider: string,
  providers: ProviderCatalog,
): string {
  const from = providers[provider]?.observedFrom;
  return from
    ? `set ${from.configKey} to read it from ${from.title}.`
    : `no live reader of ${providerTitle(provider, providers)} is installed.`;
}

/** The datastores a request will create, one per environment. */
export function describeRequest(
  record: ProvisioningRequestRecord,
): Described[] {
  const service = parseRef(record.service, 'component');
  if (!service) return [];
  return record.decisions.map(decision => ({
    entityRef: `resource:${service.namespace}/${
      deriveNames({
        service: service.name,
        name: record.name,
        environment: decision.environment,
      }).entityName
    }`,
    name: record.name,
    kind: record.kind,
    engine: record.engine,
    environment: decision.environment,
    criticality: record.criticality,
    strategy: decision.strategy,
    provider: decision.provider,
  }));
}

/**
 * The secret sync known before the cluster is read. Self-hosted: the operator writes the secret
 * in the cluster, but that too is a claim until the cluster is observed.
 */
function declaredSecretSync(
  managed: boolean,
  inCatalog: boolean,
  closed: boolean,
): DatastoreStatus['secretSync'] {
  if (closed && !inCatalog) {
    return {
      status: 'unknown',
      message: 'Its pull request was closed without being merged.',
    };
  }
  if (!inCatalog) {
    return {
      status: 'pending',
      message: managed
        ? 'Waiting for Terraform apply.'
        : 'Waiting for the pull request to be merged.',
    };
  }
  return {
    status: 'unknown',
    message: managed
      ? 'The ExternalSecret has not been read yet.'
      : 'The operator writes the secret in the cluster; the cluster has not been read.',
  };
}

/** How a requested datastore's backups begin: asked for in its pull request, not running yet. */
export const DECLARED_NOT_APPLIED = 'Declared, not applied yet';

/**
 * What the card shows of a datastore, from what is declared. Live status (backups observed in
 * the cluster or in AWS, ESO sync) refines `backup` and `secretSync` when it is read.
 */
export function toStatus(
  described: Described,
  options: {
    inCatalog: boolean;
    serviceName: string;
    pullRequests: DatastorePullRequest[];
    policy: Policy;
    /** The installed providers; the built-in ones unless given. */
    providers?: ProviderCatalog;
  },
): DatastoreStatus {
  const { inCatalog, policy, providers = PROVIDER_FACTS } = options;
  let decision: DatastoreStatus['decision'];
  let requirements;
  try {
    const decided = decide(described, policy, providers);
    const { rationale, rule, ruleNumber, reason } = decided;
    decision = { rationale, rule, ruleNumber, ...(reason ? { reason } : {}) };
    requirements = decided.backup;
  } catch (error) {
    decision = { rationale: (error as Error).message };
  }
  const managed = described.strategy === 'managed';

  // Whether the datastore was never created: its provisioning pull request was closed (a
  // closed change or decommission leaves it as it was).
  const closed = options.pullRequests.some(
    pr =>
      pr.state === 'closed' &&
      ['provision', 'replace'].includes(pr.operation ?? 'provision'),
  );
  const notCreated = closed
    ? 'Its pull request was closed without being merged: nothing was created.'
    : 'Waiting for the pull request to be merged and applied.';
  let backup: DatastoreStatus['backup'];
  if (requirements?.mode === 'none' || requirements?.mode === 'optional') {
    backup = { posture: 'not-required', detail: requirements.summary };
  } else if (inCatalog && requirements) {
    // What Terraform or the Composition asks for, until a reader observes what runs.
    backup = {
      posture: 'declared',
      retentionDays: requirements.minRetentionDays,
      pitr: requirements.pitr,
      detail: `Declared ${managed ? 'in Terraform' : 'in the Composition'}: ${
        requirements.summary
      } Not observed: ${
        managed
          ? notObservedManaged(described.provider, providers)
          : 'the cluster has not been read.'
      }`,
    };
  } else if (!inCatalog && !closed && requirements) {
    // Requested: its pull request declares the backups, but nothing runs yet. Declared, never
    // protected; not unknown either, since what was asked for is known.
    backup = {
      posture: 'declared',
      retentionDays: requirements.minRetentionDays,
      pitr: requirements.pitr,
      detail: `${DECLARED_NOT_APPLIED}: ${
        requirements.summary
      } Its pull request to the ${
        managed ? 'Terraform' : 'GitOps'
      } repo declares them; waiting for it to be merged and applied.`,
    };
  } else {
    backup = {
      posture: 'unknown',
      detail: inCatalog ? 'Backups have not been observed yet.' : notCreated,
    };
  }
  const readiness: DatastoreStatus['readiness'] = inCatalog
    ? {
        state: 'declared',
        message: 'Declared in the catalog; not observed running.',
      }
    : { state: 'unknown', message: notCreated };

  const names = deriveNames({
    service: options.serviceName,
    name: described.name,
    environment: described.environment,
  });
  return {
    ...described,
    inCatalog,
    decision,
    backup,
    secretSync: declaredSecretSync(managed, inCatalog, closed),
    readiness,
    connection: {
      secretName: names.connectionSecretName,
      keys: [...CONNECTION_KEYS[described.engine]],
    },
    pullRequests: options.pullRequests,
    policy: checkCompliance(
      described,
      {},
      policy,
      'backups were not observed',
      providers,
    ),
    providerTitle: providerTitle(described.provider, providers),
  };
}
