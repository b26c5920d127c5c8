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

/** Problems a controller would raise for the object (empty when it would accept it). */
export function controllerProblems(object: KubernetesObject): string[] {
  const group = String(object.apiVersion).split('/')[0];
  const rule = NAME_LIMITS[`${group}/${String(object.kind)}`];
  const name = (object.metadata as { name?: string } | undefined)?.name ?? '';
  if (rule && name.length > rule.max) {
    return [`metadata.name ${JSON.stringify(name)} is ${name.length} characters: ${rule.why}`];
  }
  return [];
}
