import { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * The actions this module registers. `datastores:decide` and `datastores:provision` are
 * added here as they land (see the package README); until then the module registers none,
 * so a template that uses them fails with the scaffolder's own "action not found" error.
 */
export function createDatastoresActions(): TemplateAction<any, any, any>[] {
  return [];
}
