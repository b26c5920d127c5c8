import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  NameOwner,
  nameStem,
  stemEntityNames,
} from '@datastores/plugin-datastores-common';
import { RequestStore } from '../database/RequestStore';
import { serviceRelationOf } from './serviceOf';

/**
 * The service a catalog Resource belongs to: its `dependencyOf` relation, or, for an entity not
 * processed yet, its `spec.dependencyOf`.
 */
function serviceOf(entity: Entity): string | undefined {
  const relation = serviceRelationOf(entity);
  if (relation) return relation;
  const declared = (entity.spec?.dependencyOf as string[] | undefined)?.find(
    ref => /^component:/i.test(ref),
  );
  if (!declared) return undefined;
  return stringifyEntityRef(
    parseEntityRef(declared, {
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

/**
 * Who holds the names of a datastore, across every catalog namespace: catalog entities named
 * like one of its environments, and recorded requests with the same stem. Read with the
 * plugin's own credentials, so an owner the caller may not see still blocks the name.
 */
export class NameOwners {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      store: RequestStore;
      auth: AuthService;
    },
  ) {}

  async of(input: { serviceName: string; name: string }): Promise<{
    stem: string;
    owners: NameOwner[];
  }> {
    const stem = nameStem(input);
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: 'resource', 'metadata.name': stemEntityNames(stem) } },
      { credentials },
    );
    const owners: NameOwner[] = items.map(entity => ({
      service: serviceOf(entity),
      source: 'catalog',
      ref: stringifyEntityRef(entity),
      owner:
        typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined,
    }));
    for (const { request } of await this.deps.store.list()) {
      const theirs = nameStem({
        serviceName: parseEntityRef(request.service).name,
        name: request.name,
      });
      if (theirs !== stem) continue;
      owners.push({
        service: request.service,
        source: 'request',
        ref: `${request.service}#${request.name}`,
        owner: request.owner,
      });
    }
    return { stem, owners };
  }
}
