import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DecommissionRecord,
  DecommissionStep,
  ENVIRONMENTS,
  ProvisioningRequestRecord,
  TARGETS,
  datastoresDecommissionPermission,
  planDecommission,
  validateDecommissionInput,
  validatePullRequestOptions,
} from '@datastores/plugin-datastores-common';
import {
  operationBranch,
  removalPaths,
  removalText,
  renderSafeguard,
  safeguardText,
  filesOf,
  pullRequestsOf,
  requireTargets,
  pullRequestOptionsInput,
  targetInput,
} from '@datastores/plugin-datastores-node';
import {
  readCurrentDatastore,
  serviceFacts,
  withNoOtherOpenPullRequest,
} from './currentDatastore';
import { DayTwoActionOptions } from './dayTwo';
import { dryRunFilesOutput, pullRequestsOutput } from './actionSchema';
import { decommissionExamples } from './decommission.examples';
import { authorizeOnce, openAndOutput, recordQuietly } from './pullRequestStep';

const DAY_MS = 86_400_000;

type Phase = 'safeguard' | 'removal';

/**
 * Where a decommission stands: `safeguard` until the pull request that keeps the data is
 * merged (the record's states, as read from GitHub by withLiveStates), then `removal`.
 * Refused while the safeguard is open, and for Neon before its delay has passed.
 */
function phaseOf(
  record: ProvisioningRequestRecord,
  steps: DecommissionStep[],
  now: Date,
): Phase {
  if (!steps.some(s => s.safeguard !== 'none')) return 'removal';
  const safeguards = record.pullRequests.filter(
    p => p.operation === 'safeguard',
  );
  const covered = steps.every(s =>
    record.decommission?.environments.includes(s.environment),
  );
  if (!safeguards.length || !covered) return 'safeguard';
  const states = safeguards.map(p => p.state ?? 'open');
  const open = safeguards.filter((_, i) => states[i] === 'open');
  if (open.length) {
    throw new ConflictError(
      `The safeguard pull request ${open
        .map(p => p.url)
        .join(
          ', ',
        )} is not merged yet: merge it and let its apply finish, then run "Decommission datastore" again to open the removal; nothing was written`,
    );
  }
  if (!states.includes('merged')) return 'safeguard'; // closed unmerged: propose it again
  const notBefore = record.decommission?.notBefore;
  if (notBefore && now.getTime() < Date.parse(notBefore)) {
    throw new ConflictError(
      `The removal of ${record.name} is not opened before ${notBefore} (datastores.decommission.neonDeletionDelayDays); nothing was written`,
    );
  }
  return 'removal';
}

/**
 * `datastores:decommission`: removes a datastore without losing its data by accident. RDS
 * first turns deletion protection off and names a final snapshot; Neon waits the configured
 * days; CloudNativePG with backups takes an on-demand Backup; each in a first pull request,
 * and the removal follows only once it is merged. Ephemeral databases and caches go at once.
 * The `ExternalSecret` and the catalog entity go in the same pull requests.
 * @public
 */
export function createDecommissionAction(options: DayTwoActionOptions) {
  return createTemplateAction({
    id: 'datastores:decommission',
    description:
      'Decommissions a datastore: first a pull request that keeps its data (final snapshot, backup, delay) where it has any, then the removal of its files, ExternalSecret and catalog entity.',
    examples: decommissionExamples,
    supportsDryRun: true,
    schema: {
      input: {
        ...targetInput,
        environments: z =>
          z
            .array(z.enum(ENVIRONMENTS))
            .min(1)
            .optional()
            .describe('The environments to remove; all of them by default'),
        confirmName: z =>
          z.string().describe("The datastore's name again, typed to confirm"),
        ...pullRequestOptionsInput,
      },
      output: {
        phase: z => z.enum(['safeguard', 'removal']),
        steps: z =>
          z.array(
            z.object({
              environment: z.enum(ENVIRONMENTS),
              safeguard: z.enum([
                'final-snapshot',
                'deletion-delay',
                'backup',
                'none',
              ]),
              finalSnapshot: z.string().optional(),
              backup: z.string().optional(),
            }),
          ),
        ...pullRequestsOutput,
        files: dryRunFilesOutput,
      },
    },
    async handler(ctx) {
      // Every input is checked before anything leaves this process.
      const input = validateDecommissionInput(ctx.input);
      const pullRequestOptions = validatePullRequestOptions(ctx.input);
      const config = requireTargets(options.config);
      const now = options.now?.() ?? new Date();
      const credentials = await ctx.getInitiatorCredentials();
      const { record: current, service } = await readCurrentDatastore(input, {
        requests: options.requests,
        catalog: options.catalog,
        credentials,
      });
      // The names of a decommission under way are the ones its safeguard wrote.
      const at = current.decommission
        ? new Date(current.decommission.requestedAt)
        : now;
      const facts = serviceFacts(service);
      const { request, steps } = planDecommission(
        current,
        input,
        at,
        config.policy,
        { ...facts, providers: config.providers.catalog },
      );
      if (steps.some(s => s.environment === 'production')) {
        await authorizeOnce(
          ctx,
          options.permissions,
          credentials,
          datastoresDecommissionPermission,
          'You may not decommission a production datastore (permission datastores.decommission); ask your platform team',
        );
      }
      const live = await withNoOtherOpenPullRequest(
        current,
        options.engine,
        config,
        ctx.isDryRun ?? false,
        ['safeguard', 'removal'],
      );
      ctx.output(
        'steps',
        steps.map(s => ({
          environment: s.environment,
          safeguard: s.safeguard,
          ...(s.finalSnapshot && { finalSnapshot: s.finalSnapshot }),
          ...(s.backup && { backup: s.backup }),
        })),
      );
      const phase = phaseOf(live, steps, now);
      ctx.output('phase', phase);

      const delayed = steps.some(s => s.safeguard === 'deletion-delay');
      const decommission: DecommissionRecord = current.decommission ?? {
        environments: steps.map(s => s.environment),
        requestedAt: at.toISOString(),
        ...(steps.some(s => s.finalSnapshot) && {
          finalSnapshots: Object.fromEntries(
            steps.flatMap(s =>
              s.finalSnapshot ? [[s.environment, s.finalSnapshot]] : [],
            ),
          ),
        }),
        ...(steps.some(s => s.backup) && {
          backups: Object.fromEntries(
            steps.flatMap(s => (s.backup ? [[s.environment, s.backup]] : [])),
          ),
        }),
        ...(delayed && {
          notBefore: new Date(
            at.getTime() + config.decommission.neonDeletionDelayDays * DAY_MS,
          ).toISOString(),
        }),
      };
      const record: ProvisioningRequestRecord = {
        ...current,
        decommission,
        pullRequests: [],
      };
      const operation: Phase = phase;
      const removes = phase === 'removal' ? steps.map(s => s.environment) : [];
      const marker = {
        ...record,
        operation,
        ...(removes.length && { removes }),
      };

      const files =
        phase === 'safeguard'
          ? steps.flatMap(step =>
              renderSafeguard(request, step, config, {
                requestedAt: decommission.requestedAt,
                notBefore: decommission.notBefore,
              }).map(f => ({
                target: f.target,
                path: f.path,
                content: f.content as string | null,
              })),
            )
          : steps.flatMap(step =>
              removalPaths(request, step, config).map(p => ({
                ...p,
                content: null,
              })),
            );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run (${phase}): ${files.length} files, no pull request opened`,
        );
        ctx.output('files', files);
        ctx.output('pullRequests', []);
        ctx.output('links', []);
        return;
      }
      const prs = pullRequestsOf(
        TARGETS.map(target => ({
          target,
          files: filesOf(files, target),
          ...(phase === 'safeguard'
            ? safeguardText({
                request,
                steps: steps.filter(s => s.safeguard !== 'none'),
                notBefore: decommission.notBefore,
                record: marker,
              })
            : removalText({
                request,
                steps,
                target,
                record: marker,
                providers: config.providers.catalog,
              })),
          labels: ['decommission'],
        })),
        config,
        operationBranch(request, operation),
        pullRequestOptions,
      );
      const pullRequests = await openAndOutput(ctx, options.engine, prs, {
        operation,
        removes,
      });
      await recordQuietly(ctx, options.recordRequest, {
        ...record,
        pullRequests: [...live.pullRequests, ...pullRequests],
      });
    },
  });
}
