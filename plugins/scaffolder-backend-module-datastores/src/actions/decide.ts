import {
  Policy,
  ProviderCatalog,
  decideRequest,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { decisionInput } from '@datastores/plugin-datastores-node';
import { decisionOutput } from './decisionOutput';
import { examples } from './decide.examples';

/**
 * `datastores:decide`: applies the datastores policy to each environment of a request and
 * outputs the decisions. No I/O, so it runs the same in a dry run.
 * @public
 */
export function createDecideAction(options: {
  policy: Policy;
  providers?: ProviderCatalog;
}) {
  return createTemplateAction({
    id: 'datastores:decide',
    description:
      'Decides, for each environment, whether a datastore is managed (Terraform) or self-hosted (GitOps), with the rule that matched and the backup requirements.',
    examples,
    supportsDryRun: true,
    schema: {
      input: decisionInput,
      output: {
        decisions: z =>
          z
            .array(
              z.object({
                environment: z.string(),
                strategy: z.string(),
                provider: z.string(),
                target: z.string(),
                rule: z.string(),
                rationale: z.string(),
                backup: z.record(z.string(), z.unknown()),
              }),
            )
            .describe('One decision per environment, in the order given'),
      },
    },
    async handler(ctx) {
      // The same validation as the form and the provision action, so messages agree; the
      // service and name do not matter to a decision, so stand-ins fill them.
      const request = validateDatastoreRequest({
        service: 'component:default/decision',
        name: 'preview',
        kind: ctx.input.kind,
        engine: ctx.input.engine,
        environments: ctx.input.environments,
        criticality: ctx.input.criticality,
      });
      const decisions = decideRequest(
        request,
        options.policy,
        options.providers,
      );
      for (const decision of decisions) {
        ctx.logger.info(`${decision.environment}: ${decision.rationale}`);
      }
      ctx.output('decisions', decisions.map(decisionOutput));
    },
  });
}
