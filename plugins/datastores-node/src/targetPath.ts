import { InputError } from '@backstage/errors';

/** The placeholders a target repo path may use (see `datastores.targets.*.path`). @public */
export const TARGET_PATH_PLACEHOLDERS = [
  'environment',
  'service',
  'name',
  'namespace',
] as const;

/** @public */
export type TargetPathValues = Record<
  (typeof TARGET_PATH_PLACEHOLDERS)[number],
  string
>;

/**
 * Fills a configured target path such as `envs/{environment}/{namespace}/{name}`.
 *
 * The result is a path inside the target repo, so it must stay there: every value must be a
 * single path segment, and the template may only use the known placeholders.
 * @public
 */
export function renderTargetPath(
  template: string,
  values: TargetPathValues,
): string {
  for (const [key, value] of Object.entries(values)) {
    if (
      !/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(value) ||
      value.includes('..')
    ) {
      throw new InputError(
        `Target path value "${key}" must be a single lower-case path segment (a-z, 0-9, ".", "_", "-"), got "${value}"`,
      );
    }
  }
  const path = template.replace(/\{([^}]*)\}/g, (_match, key: string) => {
    if (!(TARGET_PATH_PLACEHOLDERS as readonly string[]).includes(key)) {
      throw new InputError(
        `Unknown placeholder {${key}} in target path "${template}"; allowed: ${TARGET_PATH_PLACEHOLDERS.map(
          p => `{${p}}`,
        ).join(', ')}`,
      );
    }
    return values[key as keyof TargetPathValues];
  });
  const segments = path.split('/').filter(segment => segment !== '');
  if (
    template.startsWith('/') ||
    segments.length === 0 ||
    segments.some(segment => segment === '.' || segment === '..')
  ) {
    throw new InputError(
      `Target path "${template}" must be a relative path inside the repository`,
    );
  }
  return segments.join('/');
}
