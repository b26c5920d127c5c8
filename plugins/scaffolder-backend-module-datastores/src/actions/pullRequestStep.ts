import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CustomErrorBase,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  Decision,
  PullRequestOperation,
  ProvisioningRequestRecord,
  Target,
} from '@datastores/plugin-datastores-common';
import {
  NothingToProposeError,
  PullRequestEngine,
  PullRequestRequest,
  parseRepoCoordinates,
} from '@datastores/plugin-datastores-node';

/**
 * Opens the pull requests (see {@link openInCheckpoint}) and gives them as the step's outputs:
 * `pullRequests`, and `links` for the task page's buttons.
 */
export async function openAndOutput(
  ctx: StepContext & Pick<ActionContext<any, any>, 'output'>,
  engine: Pick<PullRequestEngine, 'openPullRequests'>,
  prs: Array<PullRequestRequest & { target: Target }>,
  tag: Parameters<typeof openInCheckpoint>[3],
): Promise<RecordedPullRequest[]> {
  const pullRequests = await openInCheckpoint(ctx, engine, prs, tag);
  ctx.output('pullRequests', pullRequests);
  ctx.output('links', pullRequestLinks(pullRequests));
  return pullRequests;
}

/** What the steps need of the action context. */
export type StepContext = Pick<
  ActionContext<any, any>,
  'logger' | 'checkpoint' | 'user'
>;

type RecordedPullRequest = ProvisioningRequestRecord['pullRequests'][number];

/**
 * Some pull requests of a request could not be opened: each failure names its repository and
 * step, and the ones that stand are listed, so that running the task again finishes the rest.
 */
export class IncompletePullRequestsError extends CustomErrorBase {
  name = 'IncompletePullRequestsError' as const;
  constructor(
    readonly failures: Error[],
    readonly opened: Array<{ url: string }>,
  ) {
    super(
      `${failures.map(f => f.message.replace(/\.?$/, '.')).join(' ')}${
        opened.length
          ? ` These pull requests stand: ${opened
              .map(p => p.url)
              .join(', ')}. Run the task again to finish.`
          : ''
      }`,
    );
  }
}

/**
 * The task page's buttons, one per pull request with GitHub's icon (the template's
 * `output.links` shows them after the service's datastores tab).
 */
export function pullRequestLinks(
  pullRequests: Array<{
    target: Target;
    repo: string;
    url: string;
    number: number;
  }>,
): Array<{ title: string; url: string; icon: string }> {
  return pullRequests.map(p => ({
    title: `${p.repo}#${p.number} (${p.target})`,
    url: p.url,
    icon: 'github',
  }));
}

/**
 * Opens the pull requests in one checkpoint: every repository in the same round trips, and a
 * retried task does not open them twice (the engine is idempotent anyway: the same request
 * finds the branch and its pull request, and a re-run finishes what a partial failure left).
 */
export async function openInCheckpoint(
  ctx: StepContext,
  engine: Pick<PullRequestEngine, 'openPullRequests'>,
  prs: Array<PullRequestRequest & { target: Target }>,
  tag: {
    operation: PullRequestOperation;
    removes?: RecordedPullRequest['removes'];
  },
): Promise<RecordedPullRequest[]> {
  const branch = prs[0]?.branch ?? 'none';
  return ctx.checkpoint({
    key: `pull-requests.${branch}`,
    fn: async () => {
      const { outcomes, calls } = await engine.openPullRequests(
        prs.map(({ target: _target, ...pr }) => pr),
      );
      const opened: RecordedPullRequest[] = [];
      const failed: Error[] = [];
      // A day-2 operation leaves some repos as they are (a resize of an RDS database changes
      // nothing in the GitOps repo): those are skipped, not failed.
      const skipped: string[] = [];
      outcomes.forEach((outcome, i) => {
        if (
          !outcome.ok &&
          tag.operation !== 'provision' &&
          outcome.error instanceof NothingToProposeError
        ) {
          skipped.push(prs[i].repo);
          ctx.logger.info(
            `${prs[i].repo} needs no change: no pull request there`,
          );
          return;
        }
        if (!outcome.ok) {
          failed.push(outcome.error);
          return;
        }
        const { result } = outcome;
        const { owner, name } = parseRepoCoordinates(prs[i].repo);
        ctx.logger.info(
          result.alreadyMerged
            ? `Pull request ${result.url} is already merged and the base holds every file: nothing to do`
            : `${result.created ? 'Opened' : 'Updated'} pull request ${
                result.url
              } (${result.committed ? 'new commit' : 'no change'})`,
        );
        opened.push({
          target: prs[i].target,
          repo: `${owner}/${name}`,
          url: result.url,
          number: result.number,
          ...(result.alreadyMerged && { state: 'merged' as const }),
          ...(tag.operation !== 'provision' && { operation: tag.operation }),
          ...(tag.removes?.length && { removes: tag.removes }),
        });
      });
      ctx.logger.info(
        `GitHub: ${calls} call(s) for ${prs.length} pull request(s)`,
      );
      if (failed.length) {
        throw new IncompletePullRequestsError(failed, opened);
      }
      if (!opened.length && skipped.length) {
        throw new InputError(
          `Nothing to change: ${skipped.join(
            ' and ',
          )} already hold these files; no pull request was opened`,
        );
      }
      return opened;
    },
  });
}

/**
 * Records with the backend, with the task's user as who asked (told as the lifecycle moves); a
 * failure is only a warning: the markers let it rediscover.
 */
export async function recordQuietly(
  ctx: StepContext,
  recordRequest: (record: ProvisioningRequestRecord) => Promise<void>,
  record: ProvisioningRequestRecord,
) {
  const requestedBy = ctx.user?.ref;
  try {
    await recordRequest({
      ...record,
      ...(requestedBy?.startsWith('user:') && { requestedBy }),
    });
  } catch (error) {
    ctx.logger.warn(
      `Could not record the request with the datastores backend: ${
        (error as Error).message
      }`,
    );
  }
}

/** The decisions as a record keeps them. */
export function decisionRecords(
  decisions: Decision[],
): ProvisioningRequestRecord['decisions'] {
  return decisions.map(d => ({
    environment: d.environment,
    strategy: d.strategy,
    provider: d.provider,
    target: d.target,
    rationale: d.rationale,
  }));
}

/** Who may do what: one permission, with the initiator's credentials, in a checkpoint. */
export async function authorizeOnce(
  ctx: StepContext,
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
  refusal: string,
) {
  const allowed = await ctx.checkpoint({
    key: `permission.${permission.name}`,
    fn: async () => {
      const [decision] = await permissions.authorize([{ permission }], {
        credentials,
      });
      return decision.result === AuthorizeResult.ALLOW;
    },
  });
  if (!allowed) throw new NotAllowedError(refusal);
}
