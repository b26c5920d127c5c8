import {
  BackstageCredentials,
  PermissionsService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CRITICALITY_LEVELS,
  DATASTORE_ENGINES,
  DatastoreRequest,
  ENVIRONMENTS,
  KUBERNETES_ANNOTATIONS,
  NameOwner,
  ProvisioningRequestRecord,
  SIZES,
  TARGETS,
  Target,
  assertNamesFree,
  datastoreEntityRef,
  datastoresProvisionProductionPermission,
  decide,
  validateDatastoreRequest,
  validatePullRequestOptions,
} from '@datastores/plugin-datastores-common';
import {
  DatastoresConfig,
  PullRequestEngine,
  pullRequestBranch,
  pullRequestText,
  renderDatastores,
} from '@datastores/plugin-datastores-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { decisionOutput } from './decisionOutput';
import {
  pullRequestOptionsInput,
  pullRequestsOutput,
  requireTargets,
  targetInput,
} from './actionSchema';
import {
  openInCheckpoint,
  pullRequestLinks,
  pullRequestsOf,
  recordQuietly,
} from './pullRequestStep';

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
export type NameOwnersReader = (input: {
  service: string;
  name: string;
}) => Promise<{ stem: string; owners: NameOwner[] }>;

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

/** Looks the service up as the initiator sees it; its namespace, owner and system fill the gaps. */
async function completeRequest(
  input: Record<string, unknown>,
  request: DatastoreRequest,
  catalog: CatalogService,
  credentials: BackstageCredentials,
) {
  const serviceRef = stringifyEntityRef(request.service);
  const service = await catalog.getEntityByRef(serviceRef, { credentials });
  if (!service) {
    throw new NotFoundError(
      `service ${serviceRef} is not in the catalog, or you may not read it`,
    );
  }
  // The service's Kubernetes annotations, unless the input says otherwise: its namespace, and
  // the id the Kubernetes plugin selects its objects by (the label they all carry).
  const annotations = service.metadata.annotations ?? {};
  const fromService = {
    ...(input.namespace === undefined &&
      annotations[KUBERNETES_ANNOTATIONS.namespace] && {
        namespace: annotations[KUBERNETES_ANNOTATIONS.namespace],
      }),
    ...(input.kubernetesId === undefined &&
      annotations[KUBERNETES_ANNOTATIONS.id] && {
        kubernetesId: annotations[KUBERNETES_ANNOTATIONS.id],
      }),
  };
  const completed = Object.keys(fromService).length
    ? validateDatastoreRequest({ ...input, ...fromService })
    : request;
  const owner =
    (typeof input.owner === 'string' && input.owner) ||
    (typeof service.spec?.owner === 'string' ? service.spec.owner : undefined);
  if (!owner) {
    throw new InputError(
      `owner is required: ${serviceRef} has no spec.owner to default to`,
    );
  }
  const system =
    typeof service.spec?.system === 'string' ? service.spec.system : undefined;
  return { request: completed, owner, system };
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
        // A string, not an enum: the request's validation refuses any other kind and says why.
        kind: z =>
          z
            .string()
            .describe(
              'database or cache; anything else (an application service, say) is refused: application services are stateless',
            ),
        engine: z => z.enum(DATASTORE_ENGINES).optional(),
        environments: z => z.array(z.enum(ENVIRONMENTS)).min(1),
        criticality: z => z.enum(CRITICALITY_LEVELS),
        size: z => z.enum(SIZES).optional(),
        owner: z =>
          z.string().optional().describe('Defaults to the service owner'),
        namespace: z =>
          z
            .string()
            .optional()
            .describe(
              'Defaults to the service’s backstage.io/kubernetes-namespace, else its name',
            ),
        kubernetesId: z =>
          z
            .string()
            .optional()
            .describe(
              'The label every generated object carries; defaults to the service’s backstage.io/kubernetes-id, else its name',
            ),
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
      const input = ctx.input as Record<string, unknown>;
      // Every input is checked before anything leaves this process.
      const validated = validateDatastoreRequest(input);
      // Reviewers, teams and labels by GitHub's rules, dry run too; the handler uses only these.
      const pullRequestOptions = validatePullRequestOptions(ctx.input);
      const config = requireTargets(options.config);
      const decide1 = (environment: DatastoreRequest['environments'][number]) =>
        decide(
          {
            kind: validated.kind,
            engine: validated.engine,
            environment,
            criticality: validated.criticality,
          },
          config.policy,
        );
      validated.environments.forEach(decide1); // a refusal stops here, before any I/O

      const credentials = await ctx.getInitiatorCredentials();
      const { request, owner, system } = await completeRequest(
        input,
        validated,
        options.catalog,
        credentials,
      );
      const decisions = request.environments.map(decide1);

      // Names are unique across catalog namespaces: another service's names are refused before
      // anything is written (a dry run says so too).
      const serviceRef = stringifyEntityRef(request.service);
      const { stem, owners } = await options
        .nameOwners({ service: serviceRef, name: request.name })
        .catch(error => {
          throw new ServiceUnavailableError(
            `Could not ask the datastores backend who holds the names of ${serviceRef} datastore "${
              request.name
            }"; nothing was written: ${(error as Error).message}`,
          );
        });
      assertNamesFree({
        service: serviceRef,
        name: request.name,
        stem,
        owners,
      });

      if (
        decisions.some(
          d => d.strategy === 'managed' && d.environment === 'production',
        )
      ) {
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

      const files = renderDatastores(request, decisions, config, {
        owner,
        system,
      });
      const resources = decisions.map(d =>
        datastoreEntityRef({
          service: request.service,
          name: request.name,
          environment: d.environment,
        }),
      );
      ctx.output('decisions', decisions.map(decisionOutput));
      ctx.output('resources', resources);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: ${files.length} files rendered, no pull request opened`,
        );
        // The Template Editor shows the dry run's workspace: the same files, by target.
        await writeToWorkspace(ctx.workspacePath, files);
        ctx.output('files', files);
        ctx.output('pullRequests', []);
        ctx.output('links', []);
        return;
      }

      const record: ProvisioningRequestRecord = {
        service: stringifyEntityRef(request.service),
        name: request.name,
        kind: request.kind,
        engine: request.engine,
        environments: request.environments,
        criticality: request.criticality,
        size: request.size,
        namespace: request.namespace,
        owner,
        decisions: decisions.map(d => ({
          environment: d.environment,
          strategy: d.strategy,
          provider: d.provider,
          target: d.target,
          rationale: d.rationale,
        })),
        pullRequests: [],
        resources,
        catalogFiles: files.flatMap(f =>
          f.entityRef
            ? [{ target: f.target, path: f.path, entityRef: f.entityRef }]
            : [],
        ),
      };
      const branch = pullRequestBranch(request);
      const prs = pullRequestsOf(
        TARGETS.map(target => ({
          target,
          files: Object.fromEntries(
            files
              .filter(f => f.target === target)
              .map(f => [f.path, f.content]),
          ),
          ...pullRequestText(request, decisions, target, record, config.costs),
          labels: [
            ...new Set(
              decisions
                .filter(d => target === 'gitops' || d.target === target)
                .map(d => d.strategy),
            ),
          ],
        })),
        config,
        branch,
        pullRequestOptions,
      );
      const pullRequests = await openInCheckpoint(ctx, options.engine, prs, {
        operation: 'provision',
      });
      ctx.output('pullRequests', pullRequests);
      ctx.output('links', pullRequestLinks(pullRequests));

      await recordQuietly(ctx, options.recordRequest, {
        ...record,
        pullRequests,
      });
    },
  });
}
