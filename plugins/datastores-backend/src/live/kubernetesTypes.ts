import {
  DEFAULT_CROSSPLANE_API_VERSION,
  DatastoreProviders,
  KubernetesTypeRef,
} from '@datastores/plugin-datastores-node';
import { Config } from '@backstage/config';

/** A Kubernetes type live status reads: where to list it, and the kind its objects carry. */
export interface KubernetesType extends KubernetesTypeRef {
  /**
   * Listed whole rather than by the service label: a store is shared, and a
   * ClusterSecretStore is cluster-scoped and carries no service label.
   */
  unlabelled?: true;
}

/** External Secrets Operator's types; the operators' come from their providers. */
export const KUBERNETES_TYPES = {
  externalSecret: {
    group: 'external-secrets.io',
    version: 'v1',
    plural: 'externalsecrets',
    kind: 'ExternalSecret',
  },
  secretStore: {
    group: 'external-secrets.io',
    version: 'v1',
    plural: 'secretstores',
    kind: 'SecretStore',
    unlabelled: true,
  },
  clusterSecretStore: {
    group: 'external-secrets.io',
    version: 'v1',
    plural: 'clustersecretstores',
    kind: 'ClusterSecretStore',
    unlabelled: true,
  },
} as const satisfies Record<string, KubernetesType>;

/** The Crossplane composites (XRs or claims) the product renders. */
export interface CrossplaneKinds {
  postgres: { apiVersion: string; kind: string };
  cache: { apiVersion: string; kind: string };
}

export function crossplaneKindsFromConfig(config: Config): CrossplaneKinds {
  const kind = (at: string, fallback: string) => ({
    apiVersion:
      config.getOptionalString(`datastores.crossplane.${at}.apiVersion`) ??
      DEFAULT_CROSSPLANE_API_VERSION,
    kind:
      config.getOptionalString(`datastores.crossplane.${at}.kind`) ?? fallback,
  });
  return {
    postgres: kind('postgres', 'PostgresInstance'),
    cache: kind('cache', 'CacheInstance'),
  };
}

/** The type of a Crossplane kind; its plural is the lower-cased kind plus "s", as XRDs name it. */
export function crossplaneType(k: {
  apiVersion: string;
  kind: string;
}): KubernetesType {
  const [group, version] = k.apiVersion.split('/');
  return {
    group,
    version,
    plural: `${k.kind.toLocaleLowerCase('en-US')}s`,
    kind: k.kind,
  };
}

/** `group/plural`: what tells two types apart. */
export const typeKey = (t: { group: string; plural: string }) =>
  `${t.group}/${t.plural}`;

/**
 * The types the datastores need read: a managed one its ExternalSecret (and the stores), a
 * self-hosted one its composite and what its provider reads (CloudNativePG's Cluster and
 * ObjectStore, a cache's operator object), and the ExternalSecret when its provider does not
 * write the connection secret itself. The same list the status reads them by.
 */
export function typesFor(
  datastores: Iterable<{ kind: string; strategy: string; provider: string }>,
  crossplane: CrossplaneKinds,
  providers: DatastoreProviders,
): KubernetesType[] {
  const wanted = new Map<string, KubernetesType>();
  const add = (...types: KubernetesType[]) => {
    for (const t of types) wanted.set(typeKey(t), t);
  };
  const T = KUBERNETES_TYPES;
  const secrets = [T.externalSecret, T.secretStore, T.clusterSecretStore];
  for (const d of datastores) {
    if (d.strategy === 'managed') {
      add(...secrets);
      continue;
    }
    add(
      crossplaneType(
        d.kind === 'database' ? crossplane.postgres : crossplane.cache,
      ),
    );
    const operator = providers.find(d.provider)?.kubernetes;
    if (operator) add(operator.type, ...(operator.related ?? []));
    if (!operator?.secretSync) add(...secrets);
  }
  return [...wanted.values()].sort((a, b) =>
    typeKey(a).localeCompare(typeKey(b)),
  );
}
