import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  TARGETS,
  datastoresProvisionProductionPermission,
} from '@datastores/plugin-datastores-common';
import {
  DatastoresConfig,
  planProvision,
  provisionInput,
  pullRequestOptionsInput,
  targetInput,
  zodObject,
} from '@datastores/plugin-datastores-node';
import { NameOwners } from '../services/NameOwners';
import { decisionsOutput } from './decisionsOutput';

/**
 * `datastores:provision-dry-run`: what `datastores:provision` would do, computed by the same
 * plan (validation, policy, the service's catalog entry, the names check, every rendered file,
 * one pull request per target repo) with nothing written and no pull request opened. It
 * refuses what the scaffolder action refuses, with the same words, including a managed
 * production datastore the caller may not create.
 */
export function registerProvisionDryRunAction(
  registry: ActionsRegistryService,
  deps: {
    config: DatastoresConfig | undefined;
    catalog: CatalogService;
    names: NameOwners;
    permissions: PermissionsService;
  },
) {
  registry.register({
    name: 'provision-dry-run',
    title: 'Plan a new datastore (dry run)',
    description:
      'Plans a database or cache for a service as the "Provision datastore" template would, without writing anything: the decision per environment, every file it would render (Terraform root modules, Crossplane claims, ExternalSecrets, catalog entities) and the pull requests it would open, one per target repo. To provision for real, run the template.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        zodObject(z, {
          ...targetInput,
          ...provisionInput,
          ...pullRequestOptionsInput,
        }),
      output: z =>
        z.object({
          decisions: decisionsOutput(z),
          resources: z
            .array(z.string())
            .describe(
              'The catalog refs of the datastores, one per environment',
            ),
          files: z.array(
            z.object({
              target: z.enum(TARGETS),
              path: z.string(),
              content: z.string(),
            }),
          ),
          pullRequests: z.array(
            z.object({
              target: z.enum(TARGETS),
              repo: z.string(),
              baseBranch: z.string().optional(),
              branch: z.string(),
              title: z.string(),
              body: z.string(),
              labels: z.array(z.string()),
              paths: z.array(z.string()),
            }),
          ),
        }),
    },
    examples: [
      {
        title: 'A cache for the orders service in staging and production',
        input: {
          service: 'component:default/orders',
          name: 'sessions',
          kind: 'cache',
          environments: ['staging', 'production'],
          criticality: 'reconstructable',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const plan = await planProvision(input, {
        config: deps.config,
        service: ref => deps.catalog.getEntityByRef(ref, { credentials }),
        nameOwners: ({ service, name }) =>
          deps.names.of({ serviceName: parseEntityRef(service).name, name }),
      });
      if (plan.needsProductionPermission) {
        const [decision] = await deps.permissions.authorize(
          [{ permission: datastoresProvisionProductionPermission }],
          { credentials },
        );
        if (decision.result !== AuthorizeResult.ALLOW) {
          throw new NotAllowedError(
            'You may not create a managed production datastore (permission datastores.provision.production); ask your platform team',
          );
        }
      }
      return {
        output: {
          decisions: plan.decisions,
          resources: plan.resources,
          files: plan.files.map(({ target, path, content }) => ({
            target,
            path,
            content,
          })),
          pullRequests: plan.pullRequests.map(pr => ({
            target: pr.target,
            repo: pr.repo,
            baseBranch: pr.baseBranch,
            branch: pr.branch,
            title: pr.title,
            body: pr.body ?? '',
            labels: pr.labels ?? [],
            paths: Object.keys(pr.files),
          })),
        },
      };
    },
  });
}
