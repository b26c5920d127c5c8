import { Entity } from '@backstage/catalog-model';
import { deriveNames } from '@datastores/plugin-datastores-common';
import { KubernetesObject } from '@datastores/test-servers';
import {
  cnpgCluster,
  composite,
  datastoreResource,
  dragonfly,
  externalSecret,
  serviceComponent,
} from './fixtures';

/**
 * A fleet of services for the bench and the replica test: each with the same four datastores
 * (a production RDS, a staging and a dev CloudNativePG, a production Dragonfly), its catalog
 * entities and the objects a cluster holds for it, all healthy and synced.
 */

/** `svc-0007`. */
export const fleetServiceName = (i: number) =>
  `svc-${String(i).padStart(4, '0')}`;

export const FLEET_DATASTORES = [
  {
    name: 'ledger',
    d: {
      engine: 'postgres',
      environment: 'production',
      criticality: 'catastrophic',
      strategy: 'managed',
      provider: 'rds',
    },
  },
  {
    name: 'main',
    d: {
      engine: 'postgres',
      environment: 'staging',
      criticality: 'reconstructable',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
    },
  },
  {
    name: 'scratch',
    d: {
      engine: 'postgres',
      environment: 'dev',
      criticality: 'ephemeral',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
    },
  },
  {
    name: 'sessions',
    d: {
      engine: 'dragonfly',
      environment: 'production',
      criticality: 'reconstructable',
      strategy: 'self-hosted',
      provider: 'dragonfly',
    },
  },
] as const;

/** The objects a cluster holds for one service's datastores. */
export function fleetObjects(service: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const { name, d } of FLEET_DATASTORES) {
    const names = deriveNames({ service, name, environment: d.environment });
    const synced = { status: 'True', reason: 'SecretSynced' };
    if (d.strategy === 'managed') {
      objects.push(externalSecret(service, names.externalSecretName, synced));
    } else if (d.engine === 'postgres') {
      objects.push(cnpgCluster(service, names.kubernetesName));
      objects.push(
        composite(service, 'PostgresInstance', names.kubernetesName),
      );
    } else {
      objects.push(dragonfly(service, names.kubernetesName));
      objects.push(externalSecret(service, names.connectionSecretName, synced));
      objects.push(composite(service, 'CacheInstance', names.kubernetesName));
    }
  }
  return objects;
}

/** The catalog entities of `services` services: each Component with its datastore Resources. */
export function fleetEntities(services: number): Entity[] {
  const entities: Entity[] = [];
  for (let i = 0; i < services; i++) {
    const service = fleetServiceName(i);
    const resources = FLEET_DATASTORES.map(({ name, d }) =>
      datastoreResource(service, name, d),
    );
    entities.push(serviceComponent(service, resources), ...resources);
  }
  // The catalog computes relations itself.
  return entities.map(({ relations: _relations, ...entity }) => entity);
}
