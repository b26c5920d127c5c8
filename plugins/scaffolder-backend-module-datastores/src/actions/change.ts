import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CRITICALITY_LEVELS,
  ENVIRONMENTS,
  ProvisioningRequestRecord,
  PullRequestOperation,
  SIZES,
  TARGETS,
  assertNamesFree,
  datastoreEntityRef,
  datastoresDecommissionPermission,
  datastoresProvisionProductionPermission,
  planChange,
  requestOfRecord,
  validateChangeInput,
  validatePullRequestOptions,
} from '@datastores/plugin-datastores-common';
import {
  changeText,
  operationBranch,
  removalPaths,
  renderDatastores,
  replacementText,
  filesOf,
  pullRequestsOf,
  requireTargets,
  pullRequestOptionsInput,
  targetInput,
} from '@datastores/plugin-datastores-node';
import { decisionOutput } from './decisionOutput';
import { changeExamples } from './change.examples';
import {
  readCurrentDatastore,
  serviceFacts,
  withNoOtherOpenPullRequest,
} from './currentDatastore';
import { DayTwoActionOptions } from './dayTwo';
import { dryRunFilesOutput, pullRequestsOutput } from './actionSchema';
import { writeToWorkspace } from './provision';
import {
  authorizeOnce,
  decisionRecords,
  openAndOutput,
  recordQuietly,
} from './pullRequestStep';

/**
 * `datastores:change`: resizes a datastore, adds or removes environments, or changes its
 * criticality. The policy decides again: where every environment that stays keeps its
 * strategy, one pull request per repo edits the files in place; where one would change
 * strategy, a new datastore is added next to the old one with a migration checklist, and the
 * old one stays until it is decommissioned.
 * @public
 */
export function createChangeAction(options: DayTwoActionOptions) {
  return createTemplateAction({
    id: 'datastores:change',
    description:
      'Changes a datastore (size, environments, criticality) by the datastores policy: edits its files in place, or adds the datastore that replaces it when the strategy changes.',
    examples: changeExamples,
    supportsDryRun: true,
    schema: {
      input: {
        ...targetInput,
        size: z => z.enum(SIZES).optional(),
        environments: z =>
          z
            .array(z.enum(ENVIRONMENTS))
            .min(1)
            .optional()
            .describe(
              'Every environment it should have after the change; removing one deletes its files (only where no data needs keeping: otherwise use datastores:decommission)',
            ),
        criticality: z => z.enum(CRITICALITY_LEVELS).optional(),
        newName: z =>
          z
            .string()
            .optional()
            .describe(
              'The name of the new datastore when the strategy changes; default <name>-<provider>',
            ),
        ...pullRequestOptionsInput,
      },
      output: {
        mode: z => z.enum(['in-place', 'replace']),
        decisions: z => z.array(z.record(z.string(), z.unknown())),
        ...pullRequestsOutput,
        resources: z => z.array(z.string()),
        files: dryRunFilesOutput,
      },
    },
    async handler(ctx) {
      // Every input is checked before anything leaves this process.
      const change = validateChangeInput(ctx.input);
      const pullRequestOptions = validatePullRequestOptions(ctx.input);
      const config = requireTargets(options.config);
      const credentials = await ctx.getInitiatorCredentials();
      const { record: current, service } = await readCurrentDatastore(change, {
        requests: options.requests,
        catalog: options.catalog,
        credentials,
      });
      const facts = serviceFacts(service);
      const plan = planChange(current, change, config.policy, {
        ...facts,
        providers: config.providers.catalog,
      });
      const owner = current.owner ?? facts.owner;
      const before = requestOfRecord(current, facts);
      ctx.output('mode', plan.mode);
      ctx.output('decisions', plan.decisions.map(decisionOutput));

      if (plan.mode === 'in-place') {
        const needsData = plan.removedSteps.filter(r => r.safeguard !== 'none');
        if (needsData.length) {
          throw new InputError(
            `Removing ${needsData
              .map(
                r =>
                  `${r.environment} (${r.decision.provider}: ${r.safeguard})`,
              )
              .join(
                ', ',
              )} would delete data that is kept first: use "Decommission datastore" for ${needsData
              .map(r => r.environment)
              .join(', ')}; nothing was written`,
          );
        }
      } else {
        // The replacement's names are new: another service's names are refused here too.
        const serviceRef = stringifyEntityRef(plan.request.service);
        const { stem, owners } = await options
          .nameOwners({ service: serviceRef, name: plan.request.name })
          .catch(error => {
            throw new ServiceUnavailableError(
              `Could not ask the datastores backend who holds the names of "${
                plan.request.name
              }"; nothing was written: ${(error as Error).message}`,
            );
          });
        assertNamesFree({
          service: serviceRef,
          name: plan.request.name,
          stem,
          owners,
        });
      }

      const newProduction = plan.decisions.some(
        d =>
          d.strategy === 'managed' &&
          d.environment === 'production' &&
          (plan.mode === 'replace' || plan.added.includes('production')),
      );
      if (newProduction) {
        await authorizeOnce(
          ctx,
          options.permissions,
          credentials,
          datastoresProvisionProductionPermission,
          'You may not create a managed production datastore (permission datastores.provision.production); ask your platform team',
        );
      }
      if (plan.mode === 'in-place' && plan.removed.includes('production')) {
        await authorizeOnce(
          ctx,
          options.permissions,
          credentials,
          datastoresDecommissionPermission,
          'You may not remove a production datastore (permission datastores.decommission); ask your platform team',
        );
      }

      // What is open is read from GitHub only now: after validation and permissions.
      const live = await withNoOtherOpenPullRequest(
        current,
        options.engine,
        config,
        ctx.isDryRun ?? false,
        ['change'],
      );

      const request = plan.request;
      const rendered = renderDatastores(request, plan.decisions, config, {
        owner,
        system: facts.system,
      });
      const deleted =
        plan.mode === 'in-place'
          ? plan.removedSteps.flatMap(step =>
              removalPaths(before, step, config),
            )
          : [];
      const files = [
        ...rendered.map(f => ({
          target: f.target,
          path: f.path,
          content: f.content as string | null,
        })),
        ...deleted.map(d => ({ ...d, content: null })),
      ];
      const resources = plan.decisions.map(d =>
        datastoreEntityRef({
          service: request.service,
          name: request.name,
          environment: d.environment,
        }),
      );
      ctx.output('resources', resources);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run (${plan.mode}): ${files.length} files, no pull request opened`,
        );
        await writeToWorkspace(
          ctx.workspacePath,
          rendered.map(f => ({ ...f })),
        );
        ctx.output('files', files);
        ctx.output('pullRequests', []);
        ctx.output('links', []);
        return;
      }

      const operation: PullRequestOperation =
        plan.mode === 'in-place' ? 'change' : 'replace';
      const removedEnvironments = plan.mode === 'in-place' ? plan.removed : [];
      const record: ProvisioningRequestRecord = {
        ...(plan.mode === 'in-place' ? current : {}),
        service: stringifyEntityRef(request.service),
        name: request.name,
        kind: request.kind,
        engine: request.engine,
        // A removed environment stays on the record until its removal merges (the backend
        // then drops it, and its entity from the catalog).
        environments: [...request.environments, ...removedEnvironments],
        criticality: request.criticality,
        size: request.size,
        namespace: request.namespace,
        owner,
        decisions: [
          ...decisionRecords(plan.decisions),
          ...current.decisions.filter(d =>
            removedEnvironments.includes(d.environment),
          ),
        ],
        pullRequests: [],
        resources: [
          ...resources,
          ...current.resources.filter(r => !resources.includes(r)),
        ].filter(r => plan.mode === 'in-place' || resources.includes(r)),
        catalogFiles: rendered.flatMap(f =>
          f.entityRef
            ? [{ target: f.target, path: f.path, entityRef: f.entityRef }]
            : [],
        ),
        ...(plan.mode === 'replace' && { replaces: current.name }),
        registered: plan.mode === 'in-place' ? current.registered : undefined,
      };
      const removes = plan.mode === 'in-place' ? plan.removed : [];
      const marker = {
        ...record,
        operation,
        ...(removes.length && { removes }),
      };
      const prs = pullRequestsOf(
        TARGETS.map(target => ({
          target,
          files: filesOf(files, target),
          ...(plan.mode === 'in-place'
            ? changeText({
                before,
                after: request,
                decisions: plan.decisions,
                added: plan.added,
                removed: plan.removed,
                target,
                record: marker,
              })
            : replacementText({
                old: before,
                replacement: request,
                decisions: plan.decisions,
                changed: plan.changed,
                target,
                record: marker,
              })),
          labels: [operation],
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
        pullRequests: [
          ...(plan.mode === 'in-place' ? live.pullRequests : []),
          ...pullRequests,
        ],
      });
    },
  });
}
