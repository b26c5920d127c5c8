import { Document } from 'yaml';

/**
 * Writes Kubernetes or catalog objects as a YAML stream. The only way the renderers write
 * YAML: the `yaml` library quotes every scalar as needed, never turns a value into an anchor,
 * alias or tag, and writes YAML 1.1 so strings such as `yes` or `0777` stay strings for
 * YAML 1.1 readers (Kubernetes, Argo CD).
 * @public
 */
export function toYaml(documents: readonly object[]): string {
  return documents
    .map(object =>
      new Document(object, {
        version: '1.1',
        aliasDuplicateObjects: false,
      }).toString({ lineWidth: 0 }),
    )
    .join('---\n');
}
