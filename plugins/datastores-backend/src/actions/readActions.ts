import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  FLEET_FILTERS,
  PROVIDER_ID_PATTERN,
  FLEET_PAGE,
  parseFleetQuery,
} from '@datastores/plugin-datastores-common';
import {
  decisionInput,
  provisionInput,
  zodObject,
} from '@datastores/plugin-datastores-node';
import { z as zod } from 'zod/v3';
import { DatastoresService } from '../services/DatastoresService';
import { FleetService } from '../services/FleetService';
import { decisionsOutput } from './decisionsOutput';

type FleetFilterInput = Record<
  keyof typeof FLEET_FILTERS,
  zod.ZodOptional<zod.ZodArray<zod.ZodEnum<[string, ...string[]]>>>
>;

/** One optional list per fleet filter, of its allowed values. */
function fleetFilterInput(z: typeof zod): FleetFilterInput {
  return Object.fromEntries(
    Object.entries(FLEET_FILTERS).map(([field, values]) => [
      field,
      z.array(z.enum(values as unknown as [string, ...string[]])).optional(),
    ]),
  ) as FleetFilterInput;
}

/**
 * The read-only actions for agents: the policy's decision, a service's datastores, the fleet.
 * Each answers what the REST API answers the same caller: the catalog's permissions decide
 * which services they see, and `datastores.provision.production` whether they may go on.
 */
export function registerReadActions(
  registry: ActionsRegistryService,
  deps: { service: DatastoresService; fleet: FleetService },
) {
  const { service, fleet } = deps;

  registry.register({
    name: 'decide',
    title: 'Decide how a datastore is run',
    description:
      'Applies the datastores policy to each environment of a database or cache: managed (a pull request to the Terraform repo: RDS or Neon) or self-hosted (a pull request to the GitOps repo: CloudNativePG, Dragonfly or Redis through Crossplane), with the rule that matched, the backup requirements, the estimated monthly cost, and whether the caller may provision it. A refused environment comes with its reason. Reads nothing but the policy.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => zodObject(z, { ...decisionInput, size: provisionInput.size }),
      output: z =>
        z.object({
          decisions: decisionsOutput(z),
          refusals: z
            .array(z.unknown())
            .describe('Per refused environment: environment, reason, hint'),
          cost: z
            .unknown()
            .describe('The estimated monthly cost, per environment and in all'),
          allowed: z
            .boolean()
            .describe(
              'false when a managed production datastore needs datastores.provision.production and the caller lacks it',
            ),
        }),
    },
    examples: [
      {
        title: 'A production database that must not be lost',
        input: {
          kind: 'database',
          environments: ['production', 'dev'],
          criticality: 'catastrophic',
        },
      },
    ],
    action: async ({ input, credentials }) => ({
      output: await service.decisions(input, credentials),
    }),
  });

  registry.register({
    name: 'get-service-datastores',
    title: "A service's datastores and their status",
    description:
      "The databases and caches of a catalog entity (a service, or a datastore Resource), as its Datastores tab shows them: per environment the strategy and provider, readiness, backup posture, ESO secret sync, policy compliance, lifecycle and open pull requests. Every state says what observed it and when; 'unknown' means nothing observed it, never that it is fine. Empty when the caller may not read the entity.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The entity ref, e.g. component:default/orders (kind defaults to component, namespace to default)',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          datastores: z
            .array(z.unknown())
            .describe(
              'Per datastore and environment: its status, each state with its source and observation time',
            ),
          errors: z.array(z.object({ message: z.string() })),
        }),
    },
    examples: [
      {
        title: 'The datastores of the orders service',
        input: { entityRef: 'component:default/orders' },
      },
    ],
    action: async ({ input, credentials }) => {
      let entityRef: string;
      try {
        entityRef = stringifyEntityRef(
          parseEntityRef(input.entityRef, {
            defaultKind: 'component',
            defaultNamespace: 'default',
          }),
        );
      } catch (error) {
        throw new InputError(
          `entityRef ${JSON.stringify(
            input.entityRef,
          )} is not an entity ref (e.g. component:default/orders): ${
            (error as Error).message
          }`,
        );
      }
      return { output: await service.listForEntity(entityRef, credentials) };
    },
  });

  registry.register({
    name: 'query-fleet',
    title: 'Query every datastore',
    description: `Every datastore the caller may read, across services, filtered and paged, with counts over all of them: the fleet page's query. Filters AND across fields and OR within one: ${Object.entries(
      FLEET_FILTERS,
    )
      .map(([field, values]) => `${field} (${values.join(', ')})`)
      .join(
        '; ',
      )}; owner (entity refs); provider (provider ids). E.g. production databases whose backups are at risk or unknown.`,
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          ...fleetFilterInput(z),
          owner: z
            .array(z.string())
            .optional()
            .describe('Owner entity refs, e.g. group:default/payments'),
          provider: z
            .array(z.string().regex(PROVIDER_ID_PATTERN))
            .optional()
            .describe('Provider ids, e.g. rds, cloudnative-pg'),
          offset: z.number().int().min(0).optional(),
          limit: z
            .number()
            .int()
            .min(1)
            .max(FLEET_PAGE.max)
            .optional()
            .describe(`Rows per page, ${FLEET_PAGE.default} unless given`),
        }),
      output: z =>
        z.object({
          items: z
            .array(z.unknown())
            .describe('The rows of this page: each datastore with its owner'),
          totalItems: z.number(),
          offset: z.number(),
          limit: z.number(),
          counts: z
            .unknown()
            .describe(
              'Per filter field and value, the rows the caller may read',
            ),
          computedAt: z.string(),
        }),
    },
    examples: [
      {
        title: 'Production datastores whose backups are at risk or unknown',
        input: { environment: ['production'], backup: ['at-risk', 'unknown'] },
      },
    ],
    action: async ({ input, credentials }) => {
      // The REST API's parser, so the same fields and values are refused with the same words.
      const query = parseFleetQuery(
        Object.fromEntries(
          Object.entries(input).flatMap(([key, value]) =>
            value === undefined
              ? []
              : [[key, Array.isArray(value) ? value : String(value)]],
          ),
        ),
      );
      return { output: await fleet.page(query, credentials) };
    },
  });
}
