import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DATASTORE_ANNOTATIONS,
  deriveNames,
} from '@datastores/plugin-datastores-common';
import { DatastoreProviders } from '@datastores/plugin-datastores-node';
import { serviceRelationOf } from '../services/serviceOf';
import { describeEntity } from '../services/toStatus';
import { LiveUsage } from './LiveCollector';
import { CrossplaneKinds, typesFor } from './kubernetesTypes';

/**
 * What the catalog's datastores need observed: the Kubernetes types of their engines and
 * strategies, and the RDS instances and Neon projects they are. One catalog call per cycle,
 * as the plugin itself: the collector observes for every reader.
 */
export async function usageFromCatalog(deps: {
  catalog: CatalogService;
  auth: AuthService;
  crossplane: CrossplaneKinds;
  providers: DatastoreProviders;
}): Promise<LiveUsage> {
  const { items } = await deps.catalog.getEntities(
    {
      filter: {
        kind: 'resource',
        [`metadata.annotations.${DATASTORE_ANNOTATIONS.engine}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.type', 'relations'],
    },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  const datastores = items.flatMap(entity => {
    const service = serviceRelationOf(entity);
    const serviceName = service ? parseEntityRef(service).name : undefined;
    const described = describeEntity(entity, serviceName);
    return described && serviceName ? [{ ...described, serviceName }] : [];
  });
  // Per provider with a cloud reader, the names of its datastores (its lister's key).
  const cloud = Object.fromEntries(
    deps.providers.withLive('cloud').map(p => [
      p.id,
      [
        ...new Set(
          datastores
            .filter(d => d.strategy === 'managed' && d.provider === p.id)
            .map(d =>
              p.cloud!.nameOf(
                deriveNames({
                  service: d.serviceName,
                  name: d.name,
                  environment: d.environment,
                }),
              ),
            ),
        ),
      ].sort(),
    ]),
  );
  return {
    kubernetes: typesFor(datastores, deps.crossplane, deps.providers),
    cloud,
  };
}
