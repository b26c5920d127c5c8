import {
  DATASTORE_KINDS,
  DatastoreKind,
  ENVIRONMENTS,
  Environment,
  baseNameLimit,
  datastoreRequestProblems,
  deriveNames,
  parseRef,
} from '@datastores/plugin-datastores-common';

/** One derived name, and whether it fits. */
export interface DerivedName {
  environment: Environment;
  name: string;
  length: number;
  limit: number;
  fits: boolean;
}

/** The answers the name depends on, from the form so far. */
function answers(formData: unknown) {
  const data = (
    typeof formData === 'object' && formData !== null ? formData : {}
  ) as Record<string, unknown>;
  const service =
    typeof data.service === 'string'
      ? parseRef(data.service, 'component')
      : undefined;
  const kind = (DATASTORE_KINDS as readonly unknown[]).includes(data.kind)
    ? (data.kind as DatastoreKind)
    : 'database';
  const chosen = Array.isArray(data.environments)
    ? ENVIRONMENTS.filter(e => (data.environments as unknown[]).includes(e))
    : [];
  // Before the environments are chosen, every one counts: production is the longest.
  const environments = chosen.length ? chosen : [...ENVIRONMENTS];
  return { service, kind, environments, raw: data.service };
}

/**
 * The names a datastore name leads to (`orders-sessions-production`), each against the
 * strictest limit of the targets its kind ends up in (CloudNativePG, StatefulSets, RDS).
 */
export function derivedNames(
  name: string,
  formData: unknown,
): { names: DerivedName[]; limitWhy?: string } {
  const { service, kind, environments } = answers(formData);
  if (!service || !name) return { names: [] };
  const limit = baseNameLimit(kind);
  return {
    limitWhy: limit.why,
    names: environments.map(environment => {
      const { base } = deriveNames({
        service: service.name,
        name,
        environment,
      });
      return {
        environment,
        name: base,
        length: base.length,
        limit: limit.maxBaseLength,
        fits: base.length <= limit.maxBaseLength,
      };
    }),
  };
}

/**
 * What is wrong with the name, in words, by the same rules as the action (the name itself,
 * and the names derived from it with the service).
 */
export function nameProblems(name: unknown, formData: unknown): string[] {
  const { kind, environments, raw } = answers(formData);
  return datastoreRequestProblems({
    service: typeof raw === 'string' ? raw : 'component:default/service',
    name,
    kind,
    environments,
    criticality: 'ephemeral',
  })
    .filter(p => p.field === 'name')
    .map(p => p.message);
}
