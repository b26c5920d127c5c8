import {
  DatastoreStatus,
  ENVIRONMENTS,
} from '@datastores/plugin-datastores-common';

/** The templates the plugin links to, as `templates/<name>/template.yaml` names them. */
export const TEMPLATES = {
  provision: 'provision-datastore',
  change: 'change-datastore',
  decommission: 'decommission-datastore',
} as const;

/** The templates' namespace (the catalog's default, where `templates/*` are registered). */
export const TEMPLATE_NAMESPACE = 'default';

/**
 * A template's page with its answers pre-filled: the scaffolder reads `?formData=<JSON>` as
 * the form's initial state (`useFormDataFromQuery` in `@backstage/plugin-scaffolder-react`).
 */
export function withFormData(
  templatePath: string,
  formData?: Record<string, unknown>,
): string {
  return formData
    ? `${templatePath}?formData=${encodeURIComponent(JSON.stringify(formData))}`
    : templatePath;
}

/**
 * "Change datastore" pre-filled with the datastore as it is now: its size, criticality and
 * every environment it has among `datastores` (the card's rows of the same service), so an
 * untouched form changes nothing.
 */
export function changeFormData(
  serviceRef: string,
  d: DatastoreStatus,
  datastores: DatastoreStatus[],
): Record<string, unknown> {
  const environments = ENVIRONMENTS.filter(env =>
    datastores.some(
      other => other.name === d.name && other.environment === env,
    ),
  );
  return {
    service: serviceRef,
    name: d.name,
    ...(d.size && { size: d.size }),
    environments,
    criticality: d.criticality,
  };
}

/** "Decommission datastore" pre-filled with the datastore and the one environment chosen. */
export function decommissionFormData(
  serviceRef: string,
  d: DatastoreStatus,
): Record<string, unknown> {
  return { service: serviceRef, name: d.name, environments: [d.environment] };
}
