import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GithubServer } from '@datastores/test-servers';
import { parseAllDocuments } from 'yaml';

type FilterValue = string | string[] | symbol;
type Filter = Record<string, FilterValue>;

/** The values of a filter key on an entity, as the catalog indexes them (lower case). */
function valuesAt(entity: Entity, key: string): string[] {
  if (key.startsWith('relations.')) {
    const type = key.slice('relations.'.length).toLowerCase();
    return (entity.relations ?? [])
      .filter(r => r.type.toLowerCase() === type)
      .map(r => r.targetRef.toLowerCase());
  }
  if (key.startsWith('metadata.annotations.')) {
    const value =
      entity.metadata.annotations?.[key.slice('metadata.annotations.'.length)];
    return value === undefined ? [] : [value.toLowerCase()];
  }
  let value: any = entity;
  for (const part of key.split('.')) value = value?.[part];
  if (key === 'metadata.namespace') value = value ?? 'default';
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(v =>
    String(v).toLowerCase(),
  );
}

function matches(entity: Entity, filter: Filter): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    const have = valuesAt(entity, key);
    if (wanted === CATALOG_FILTER_EXISTS) return have.length > 0;
    const list = (Array.isArray(wanted) ? wanted : [wanted]) as string[];
    return list.some(w => have.includes(String(w).toLowerCase()));
  });
}

const refOf = (entity: Entity) => stringifyEntityRef(entity).toLowerCase();

/**
 * A catalog as the datastores backend meets it, with the real catalog's behaviour where it
 * matters here:
 * - reads are filtered by what the caller may see (`canRead`; services see everything), as the
 *   permission framework filters the real catalog's answers;
 * - `addLocation` accepts any target, refuses one it already has (a 409 `ResponseError`, as the catalog's HTTP client throws), and then
 *   processes it as the URL reader would: a target that is not a URL, or that names no file on
 *   the GitHub stand-in (`https://host/owner/repo/blob/branch/path`), yields no entity and a
 *   processing error, like the real catalog's "Invalid URL" or NotFound logs.
 */
export function catalogStandIn(
  options: {
    github?: GithubServer;
    entities?: Entity[];
    canRead?: (userEntityRef: string, entity: Entity) => boolean;
  } = {},
) {
  const entities = new Map<string, Entity>(
    (options.entities ?? []).map(e => [refOf(e), e]),
  );
  const locations: string[] = [];
  /** Which location emitted which entity (by ref), as the catalog's refresh state knows. */
  const emittedBy = new Map<string, string>();
  const processingErrors: string[] = [];

  const visible = (credentials?: BackstageCredentials) => {
    const principal = credentials?.principal as
      | { type: 'user'; userEntityRef: string }
      | { type: 'service' }
      | undefined;
    return [...entities.values()].filter(
      e =>
        !options.canRead ||
        principal?.type !== 'user' ||
        options.canRead(principal.userEntityRef, e),
    );
  };

  function process(target: string) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      processingErrors.push(`Invalid URL: ${target}`);
      return;
    }
    const m = /^\/([^/]+)\/([^/]+)\/blob\/([^/]+)\/(.+)$/.exec(url.pathname);
    const github = options.github;
    if (!m || !github || url.host !== new URL(github.url).host) {
      processingErrors.push(`No integration or reader for ${target}`);
      return;
    }
    const [, owner, repo, branch, path] = m.map(decodeURIComponent);
    let content: string | undefined;
    try {
      content = github.files(owner, repo, branch)[path];
    } catch {
      content = undefined;
    }
    if (content === undefined) {
      processingErrors.push(`NotFoundError: ${target}`);
      return;
    }
    for (const doc of parseAllDocuments(content)) {
      const entity = doc.toJS() as Entity;
      if (entity?.kind && entity.metadata?.name) {
        const ref = refOf(entity);
        entity.metadata.uid = `uid-${ref}`;
        entities.set(ref, entity);
        emittedBy.set(ref, target);
      }
    }
  }

  const catalog = catalogServiceMock.mock({
    getEntities: jest.fn(async (request?: any, opts?: any) => {
      const filters: Filter[] = request?.filter
        ? [request.filter].flat()
        : [{}];
      return {
        items: visible(opts?.credentials).filter(e =>
          filters.some(f => matches(e, f)),
        ),
      };
    }) as any,
    getEntityByRef: jest.fn(async (ref: any, opts?: any) => {
      const wanted = (
        typeof ref === 'string'
          ? stringifyEntityRef(parseEntityRef(ref))
          : stringifyEntityRef(ref)
      ).toLowerCase();
      return visible(opts?.credentials).find(e => refOf(e) === wanted);
    }) as any,
    getEntitiesByRefs: jest.fn(async (request: any, opts?: any) => {
      const seen = visible(opts?.credentials);
      return {
        items: request.entityRefs.map(
          (ref: string) =>
            seen.find(e => refOf(e) === ref.toLowerCase()) ?? undefined,
        ),
      };
    }) as any,
    addLocation: jest.fn(async (location: any) => {
      if (locations.includes(location.target)) {
        // What the catalog's HTTP client throws for the catalog's 409: a ResponseError.
        const message = `Location ${location.type}:${location.target} already exists`;
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'ConflictError', message },
              request: { method: 'POST', url: '/locations' },
              response: { statusCode: 409 },
            }),
            {
              status: 409,
              statusText: 'Conflict',
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        );
      }
      locations.push(location.target);
      process(location.target);
      return {
        location: { id: String(locations.length), ...location },
        entities: [],
      };
    }) as any,
    getLocationByEntity: jest.fn(async (ref: any) => {
      const target = emittedBy.get(String(ref).toLowerCase());
      const index = target ? locations.indexOf(target) : -1;
      return index < 0
        ? undefined
        : { id: String(index + 1), type: 'url', target: target! };
    }) as any,
    // Removing a location orphans its entities (the catalog keeps them by default).
    removeLocationById: jest.fn(async (id: string) => {
      const index = Number(id) - 1;
      if (!locations[index]) throw new Error(`No location ${id}`);
      locations[index] = `(removed) ${locations[index]}`;
    }) as any,
    removeEntityByUid: jest.fn(async (uid: string) => {
      for (const [ref, entity] of entities) {
        if (entity.metadata.uid === uid) entities.delete(ref);
      }
    }) as any,
  });
  return Object.assign(catalog, { locations, processingErrors });
}
