import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  DATASTORE_ANNOTATIONS,
  Target,
  TARGETS,
} from '@datastores/plugin-datastores-common';
import { DatastoresConfig } from '@datastores/plugin-datastores-node';
import { parseAllDocuments } from 'yaml';
import { catalogGlobUrl } from './catalogGlob';

/** What one refresh did. @public */
export interface EntityRefreshSummary {
  added: number;
  removed: number;
  /** Targets whose repo could not be read: their entities are kept as last read. */
  failed: Target[];
}

/** What a target repo last gave: its commit (the URL reader's etag) and its entities. */
interface TargetRead {
  etag: string;
  entities: DeferredEntity[];
}

/** The datastore entities of one file: `Resource`s carrying the datastores' strategy. */
function datastoreEntities(content: string, url: string): Entity[] {
  const documents = parseAllDocuments(content);
  const broken = documents.find(doc => doc.errors.length);
  if (broken) throw new Error(broken.errors[0].message);
  return documents
    .map(doc => doc.toJSON() as Entity | null)
    .filter(
      (e): e is Entity =>
        !!e &&
        e.kind === 'Resource' &&
        typeof e.metadata?.name === 'string' &&
        !!e.metadata.annotations?.[DATASTORE_ANNOTATIONS.strategy],
    )
    .map(e => ({
      ...e,
      metadata: {
        ...e.metadata,
        annotations: {
          ...e.metadata.annotations,
          [ANNOTATION_LOCATION]: `url:${url}`,
          [ANNOTATION_ORIGIN_LOCATION]: `url:${url}`,
        },
      },
    }));
}

/**
 * Emits each datastore's `Resource` entity from the files the pull requests merged into the
 * Terraform and GitOps repos (every `*.yaml` under each target's `catalogPath`), as
 * `catalog-backend-module-github` emits what it discovers. The first refresh is a full
 * mutation; later ones send only what changed (a delta), and a repo whose commit has not moved
 * is not read again (the URL reader's etag). A repo that cannot be read keeps its entities as
 * last read, and the full mutation waits until every repo has been read once: an outage of
 * GitHub removes nothing from the catalog, even just after a restart.
 *
 * The location key is the file's `url:` location, the key the catalog gave entities that the
 * datastores backend registered with `addLocation` before this provider existed, so those
 * entities pass to the provider without a conflict.
 * @public
 */
export class DatastoresEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly reads = new Map<Target, TargetRead>();
  /** What the catalog holds from this provider, by entity ref: its JSON, to see changes. */
  private emitted?: Map<string, string>;

  constructor(
    private readonly deps: {
      config: Pick<DatastoresConfig, 'targets'>;
      reader: UrlReaderService;
      logger: LoggerService;
    },
  ) {}

  getProviderName(): string {
    return 'datastores';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  async refresh(): Promise<EntityRefreshSummary> {
    const { connection } = this;
    if (!connection) {
      throw new Error(
        'DatastoresEntityProvider is not connected to the catalog',
      );
    }
    const failed: Target[] = [];
    for (const target of TARGETS) {
      try {
        await this.read(target);
      } catch (error) {
        failed.push(target);
        this.deps.logger.warn(
          `Could not read the datastore entities of ${
            this.deps.config.targets[target].repoUrl
          } (datastores.targets.${target}); keeping what was read before: ${
            isError(error) ? error.message : String(error)
          }`,
        );
      }
    }
    // The same entity in both repos (a hand-made copy) is emitted once, the first target's.
    const next = new Map<string, DeferredEntity>();
    for (const target of TARGETS) {
      for (const deferred of this.reads.get(target)?.entities ?? []) {
        const ref = stringifyEntityRef(deferred.entity);
        if (!next.has(ref)) next.set(ref, deferred);
      }
    }
    const json = new Map(
      [...next].map(([ref, d]) => [ref, JSON.stringify(d.entity)]),
    );
    const previous = this.emitted;
    if (!previous) {
      if (TARGETS.some(t => !this.reads.has(t))) {
        // A repo never read yet: a full mutation now would take its entities out of the
        // catalog. Add what was read; the full mutation waits for every repo.
        await connection.applyMutation({
          type: 'delta',
          added: [...next.values()],
          removed: [],
        });
        return { added: next.size, removed: 0, failed };
      }
      // A full mutation also takes away what an earlier process emitted and is gone now.
      await connection.applyMutation({
        type: 'full',
        entities: [...next.values()],
      });
      this.emitted = json;
      return { added: next.size, removed: 0, failed };
    }
    const added = [...next].filter(
      ([ref]) => previous.get(ref) !== json.get(ref),
    );
    const removed = [...previous.keys()].filter(ref => !next.has(ref));
    if (added.length || removed.length) {
      await connection.applyMutation({
        type: 'delta',
        added: added.map(([, d]) => d),
        removed: removed.map(entityRef => ({ entityRef })),
      });
    }
    this.emitted = json;
    return { added: added.length, removed: removed.length, failed };
  }

  /** Reads one target repo's catalog files, unless its commit is the one read last. */
  private async read(target: Target) {
    const url = catalogGlobUrl(this.deps.config.targets[target]);
    const last = this.reads.get(target);
    let response;
    try {
      response = await this.deps.reader.search(url, { etag: last?.etag });
    } catch (error) {
      if (isError(error) && error.name === 'NotModifiedError') return;
      throw error;
    }
    const entities: DeferredEntity[] = [];
    for (const file of response.files) {
      const content = (await file.content()).toString('utf8');
      try {
        for (const entity of datastoreEntities(content, file.url)) {
          entities.push({ entity, locationKey: `url:${file.url}` });
        }
      } catch (error) {
        // One broken file does not hide the others.
        this.deps.logger.warn(
          `Skipped ${file.url}: not YAML the catalog can read: ${
            (error as Error).message
          }`,
        );
      }
    }
    this.reads.set(target, { etag: response.etag, entities });
  }
}
