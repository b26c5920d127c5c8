import { SchemaProblem } from './structuralSchema';

// apimachinery's validation of names, label keys and values.
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function keyProblem(key: string): string | undefined {
  const [prefix, name] = key.includes('/')
    ? key.split(/\/(.*)/s)
    : [undefined, key];
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
  ) {
    return `key prefix ${JSON.stringify(prefix)} must be a DNS-1123 subdomain`;
  }
  if (!name || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `key ${JSON.stringify(
      key,
    )} must be a qualified name (at most 63 characters)`;
  }
  return undefined;
}

function stringMapProblems(
  field: 'labels' | 'annotations',
  value: unknown,
): SchemaProblem[] {
  if (value === undefined) return [];
  const at = `.metadata.${field}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: at, message: 'must be a map of strings' }];
  }
  const problems: SchemaProblem[] = [];
  for (const [key, v] of Object.entries(value)) {
    const where = `${at}.${key}`;
    const badKey = keyProblem(key);
    if (badKey) problems.push({ path: where, message: badKey });
    if (typeof v !== 'string') {
      // What the API server answers when YAML turned `on` or `1` into a bool or a number.
      problems.push({
        path: where,
        message: `must be a string, got ${typeof v} ${JSON.stringify(v)}`,
      });
    } else if (field === 'labels' && (v.length > 63 || !LABEL_VALUE.test(v))) {
      problems.push({
        path: where,
        message: `label value ${JSON.stringify(
          v,
        )} is not valid (at most 63 characters, alphanumerics, "-", "_", ".")`,
      });
    }
  }
  return problems;
}

/** What the API server checks of `metadata` on a create. */
export function metadataProblems(
  metadata: unknown,
  scope: 'Namespaced' | 'Cluster',
): SchemaProblem[] {
  if (typeof metadata !== 'object' || metadata === null) {
    return [{ path: '.metadata', message: 'metadata is required' }];
  }
  const meta = metadata as Record<string, unknown>;
  const problems: SchemaProblem[] = [];
  const { name, namespace } = meta;
  if (
    typeof name !== 'string' ||
    name.length > 253 ||
    !DNS1123_SUBDOMAIN.test(name)
  ) {
    problems.push({
      path: '.metadata.name',
      message: `must be a DNS-1123 subdomain; got ${JSON.stringify(name)}`,
    });
  }
  if (namespace !== undefined) {
    if (scope === 'Cluster') {
      problems.push({
        path: '.metadata.namespace',
        message: 'a cluster-scoped object has no namespace',
      });
    } else if (
      typeof namespace !== 'string' ||
      namespace.length > 63 ||
      !DNS1123_LABEL.test(namespace)
    ) {
      problems.push({
        path: '.metadata.namespace',
        message: `must be a DNS-1123 label; got ${typeof namespace} ${JSON.stringify(
          namespace,
        )}`,
      });
    }
  }
  problems.push(...stringMapProblems('labels', meta.labels));
  problems.push(...stringMapProblems('annotations', meta.annotations));
  const known = [
    'name',
    'namespace',
    'labels',
    'annotations',
    'generateName',
    'finalizers',
    'ownerReferences',
  ];
  for (const key of Object.keys(meta)) {
    if (!known.includes(key))
      problems.push({ path: `.metadata.${key}`, message: 'unknown field' });
  }
  return problems;
}
