import {
  CRITICALITY_LEVELS,
  DATASTORE_ENGINES,
  ENVIRONMENTS,
  SIZES,
} from '@datastores/plugin-datastores-common';
import { z as zod } from 'zod/v3';

/**
 * The input schema of a datastore request, in one place: the scaffolder actions and the
 * actions registry (for agents) build theirs from these parts. Each part is a function of zod,
 * as `createTemplateAction` and `actionsRegistry.register` take them. They say what is
 * expected; `validateDatastoreRequest` (in `-common`, shared with the form and the REST API)
 * is what refuses, naming the field and the allowed values.
 */
/** The zod the schema parts are functions of (the scaffolder's and the actions registry's). @public */
export type RequestSchemaZod = typeof zod;

/** The service and the datastore an operation is about. @public */
export const targetInput = {
  service: (z: RequestSchemaZod) =>
    z
      .string()
      .describe('The service entity ref, e.g. component:default/orders'),
  name: (z: RequestSchemaZod) =>
    z.string().describe('The datastore name within the service, e.g. main'),
};

/** What the policy decides on. @public */
export const decisionInput = {
  // A string, not an enum: the request's validation refuses any other kind and says why.
  kind: (z: RequestSchemaZod) =>
    z
      .string()
      .describe(
        'database or cache; anything else (an application service, say) is refused: application services are stateless',
      ),
  engine: (z: RequestSchemaZod) =>
    z
      .enum(DATASTORE_ENGINES)
      .optional()
      .describe(
        'postgres for databases; dragonfly (default) or redis for caches',
      ),
  environments: (z: RequestSchemaZod) =>
    z
      .array(z.enum(ENVIRONMENTS))
      .min(1)
      .describe('Where the datastore is needed'),
  criticality: (z: RequestSchemaZod) =>
    z
      .enum(CRITICALITY_LEVELS)
      .describe(
        'How bad losing the data would be: catastrophic, reconstructable or ephemeral',
      ),
};

/** The rest of a new datastore's request; the service's catalog entry fills what is left out. @public */
export const provisionInput = {
  ...decisionInput,
  size: (z: RequestSchemaZod) => z.enum(SIZES).optional(),
  owner: (z: RequestSchemaZod) =>
    z.string().optional().describe('Defaults to the service owner'),
  namespace: (z: RequestSchemaZod) =>
    z
      .string()
      .optional()
      .describe(
        'Defaults to the service’s backstage.io/kubernetes-namespace, else its name',
      ),
  kubernetesId: (z: RequestSchemaZod) =>
    z
      .string()
      .optional()
      .describe(
        'The label every generated object carries; defaults to the service’s backstage.io/kubernetes-id, else its name',
      ),
};

/** The pull request options (validated again by validatePullRequestOptions). @public */
export const pullRequestOptionsInput = {
  draft: (z: RequestSchemaZod) => z.boolean().optional(),
  reviewers: (z: RequestSchemaZod) => z.array(z.string()).optional(),
  teamReviewers: (z: RequestSchemaZod) => z.array(z.string()).optional(),
  labels: (z: RequestSchemaZod) => z.array(z.string()).optional(),
};

/**
 * One zod object of schema parts, for APIs that take an object schema (the actions registry).
 * @public
 */
export function zodObject<
  T extends Record<string, (z: RequestSchemaZod) => zod.ZodTypeAny>,
>(
  z: RequestSchemaZod,
  parts: T,
): zod.ZodObject<{ [K in keyof T]: ReturnType<T[K]> }> {
  return z.object(
    Object.fromEntries(
      Object.entries(parts).map(([key, part]) => [key, part(z)]),
    ) as { [K in keyof T]: ReturnType<T[K]> },
  );
}
