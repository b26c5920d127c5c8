import {
  CRITICALITY_LEVELS,
  DATASTORE_ENGINES,
  DATASTORE_KINDS,
  ENVIRONMENTS,
  SIZES,
} from '@datastores/plugin-datastores-common';
import { DecideInput } from '../../api';

function oneOf<T extends string>(allowed: readonly T[], value: unknown) {
  return (allowed as readonly unknown[]).includes(value)
    ? (value as T)
    : undefined;
}

/**
 * The decision request from the template's answers so far, or what is still missing. Values
 * outside the vocabulary count as missing: the form's own validation explains those.
 */
export function readDecideInput(
  formData: unknown,
):
  | { input: DecideInput; missing?: never }
  | { input?: never; missing: string[] } {
  const data = (
    typeof formData === 'object' && formData !== null ? formData : {}
  ) as Record<string, unknown>;
  const kind = oneOf(DATASTORE_KINDS, data.kind);
  const engine = oneOf(DATASTORE_ENGINES, data.engine);
  const criticality = oneOf(CRITICALITY_LEVELS, data.criticality);
  // Only for the cost estimate: an unknown size is left to the form and the backend's default.
  const size = oneOf(SIZES, data.size);
  const environments = Array.isArray(data.environments)
    ? ENVIRONMENTS.filter(env => (data.environments as unknown[]).includes(env))
    : [];
  const missing = [
    !kind && 'the kind',
    environments.length === 0 && 'at least one environment',
    !criticality && 'the data criticality',
  ].filter((m): m is string => Boolean(m));
  if (!kind || !criticality || missing.length > 0) {
    return { missing };
  }
  return {
    input: {
      kind,
      ...(engine ? { engine } : {}),
      environments,
      criticality,
      ...(size ? { size } : {}),
    },
  };
}
