import {
  PermissionsService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ProvisioningRequestRecord,
  TARGETS,
  Target,
  datastoresProvisionProductionPermission,
} from '@datastores/plugin-datastores-common';
import {
  DatastoresConfig,
  ProvisionPlanSources,
  PullRequestEngine,
  planProvision,
  pullRequestOptionsInput,
  targetInput,
  provisionInput,
} from '@datastores/plugin-datastores-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { decisionOutput } from './decisionOutput';
import { pullRequestsOutput } from './actionSchema';
import { openAndOutput, recordQuietly } from './pullRequestStep';

export {
  IncompletePullRequestsError,
  pullRequestLinks,
} from './pullRequestStep';
import { examples } from './provision.examples';

/** Records a request with the datastores backend. @public */
export type RequestRecorder = (
  record: ProvisioningRequestRecord,
) => Promise<void>;

/** Who holds a datastore's names, across every catalog namespace (the datastores backend knows). @public */
export type NameOwnersReader = ProvisionPlanSources['nameOwners'];

/** What `datastores:provision` needs; every part is injected so tests use local stand-ins. @public */
export interface ProvisionActionOptions {
  /** Undefined when `datastores.targets` is not configured: the action then says so. */
  config: DatastoresConfig | undefined;
  catalog: CatalogService;
  permissions: PermissionsService;
  engine: Pick<PullRequestEngine, 'openPullRequests'>;
  recordRequest: RequestRecorder;
  nameOwners: NameOwnersReader;
}

/**
 * Writes each rendered file into the workspace as `<target>/<path>`, so the Template Editor's
 * dry run shows them. A path that would leave the workspace is refused (NotAllowedError),
 * before anything is written.
 */
export async function writeToWorkspace(
  workspacePath: string,
  files: Array<{ target: Target; path: string; content: string }>,
) {
  // Every path is checked before the first file is written.
  const destinations = files.map(file => ({
    destination: resolveSafeChildPath(
      workspacePath,
      path.join(file.target, file.path),
    ),
    content: file.content,
  }));
  for (const { destination, content } of destinations) {
    await fs.mkdir(path.dirname(destination), { recursive: true });
    await fs.writeFile(destination, content, 'utf8');
  }
}

/**
 * `datastores:provision`: decides each environment, renders every file and opens one pull
 * request per target repo (a production Postgres touches both: Terraform for the database and
 * its secret, GitOps for its `ExternalSecret`). Dry run renders and calls nothing.
 * @public
 */
export function createProvisionAction(options: ProvisionActionOptions) {
  return createTemplateAction({
    id: 'datastores:provision',
    description:
      'Provisions a database or cache by the datastores policy: renders Terraform or Crossplane files and opens one pull request per target repo.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...targetInput,
        ...provisionInput,
        ...pullRequestOptionsInput,
      },
      output: {
        decisions: z => z.array(z.record(z.string(), z.unknown())),
        ...pullRequestsOutput,
        resources: z => z.array(z.string()),
        files: z =>
          z
            .array(
              z.object({
                target: z.enum(TARGETS),
                path: z.string(),
                content: z.string(),
              }),
            )
            .optional()
            .describe('Dry run only: every rendered file'),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const plan = await planProvision(ctx.input as Record<string, unknown>, {
        config: options.config,
        service: ref => options.catalog.getEntityByRef(ref, { credentials }),
        nameOwners: options.nameOwners,
      });
      if (plan.needsProductionPermission) {
        const allowed = await ctx.checkpoint({
          key: 'permission.provision-production',
          fn: async () => {
            const [decision] = await options.permissions.authorize(
              [{ permission: datastoresProvisionProductionPermission }],
              { credentials },
            );
            return decision.result === AuthorizeResult.ALLOW;
          },
        });
        if (!allowed) {
          throw new NotAllowedError(
            'You may not create a managed production datastore (permission datastores.provision.production); ask your platform team',
          );
        }
      }
      ctx.output('decisions', plan.decisions.map(decisionOutput));
      ctx.output('resources', plan.resources);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: ${plan.files.length} files rendered, no pull request opened`,
        );
        // The Template Editor shows the dry run's workspace: the same files, by target.
        await writeToWorkspace(ctx.workspacePath, plan.files);
        ctx.output('files', plan.files);
        ctx.output('pullRequests', []);
        ctx.output('links', []);
        return;
      }

      const pullRequests = await openAndOutput(
        ctx,
        options.engine,
        plan.pullRequests,
        { operation: 'provision' },
      );

      await recordQuietly(ctx, options.recordRequest, {
        ...plan.record,
        pullRequests,
      });
    },
  });
}
