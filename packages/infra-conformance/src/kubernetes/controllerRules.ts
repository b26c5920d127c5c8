import { KubernetesObject } from './crdRegistry';

/**
 * Rules the controllers and their webhooks enforce beyond the CRD schema, for the kinds we
 * compose. A StatefulSet's pods carry `controller-revision-hash: <name>-<10-char hash>`, a label
 * value (at most 63), so an operator that names its StatefulSet like the object limits the
 * object's name to 52.
 */
const NAME_LIMITS: Record<string, { max: number; why: string }> = {
  'postgresql.cnpg.io/Cluster': {
    max: 50,
    why: "CloudNativePG's webhook refuses Cluster names over 50 characters",
  },
  'dragonflydb.io/Dragonfly': {
    max: 52,
    why: 'the operator names its StatefulSet like the Dragonfly; the revision-hash label adds 11 characters to it',
  },
  'redis.redis.opstreelabs.in/Redis': {
    max: 52,
    why: 'the operator names its StatefulSet like the Redis; the revision-hash label adds 11 characters to it',
  },
};

const BARMAN_PLUGIN = 'barman-cloud.cloudnative-pg.io';

/** Problems a controller would raise for the object (empty when it would accept it). */
export function controllerProblems(object: KubernetesObject): string[] {
  const problems: string[] = [];
  const key = `${String(object.apiVersion).split('/')[0]}/${String(
    object.kind,
  )}`;
  const rule = NAME_LIMITS[key];
  const name = (object.metadata as { name?: string } | undefined)?.name ?? '';
  if (rule && name.length > rule.max) {
    problems.push(
      `metadata.name ${JSON.stringify(name)} is ${name.length} characters: ${
        rule.why
      }`,
    );
  }
  if (key === 'postgresql.cnpg.io/Cluster') {
    const plugins = ((object.spec as any)?.plugins ?? []) as Array<{
      name?: string;
      isWALArchiver?: unknown;
    }>;
    for (const plugin of plugins.filter(p => p.name === BARMAN_PLUGIN)) {
      if (plugin.isWALArchiver !== true) {
        problems.push(
          `spec.plugins ${BARMAN_PLUGIN}: isWALArchiver is ${JSON.stringify(
            plugin.isWALArchiver,
          )}; object-store backups need WAL archiving (isWALArchiver: true)`,
        );
      }
    }
  }
  return problems;
}
