import {
  DatastoreRequest,
  Decision,
  DecommissionStep,
  Environment,
  PullRequestOperation,
  PROVIDER_FACTS,
  ProviderCatalog,
  ProvisioningRequestRecord,
  Target,
  nameStem,
} from '@datastores/plugin-datastores-common';
import { pullRequestBranch, requestMarker } from './pullRequestText';

/**
 * The branch of a day-2 pull request: one per operation and datastore, the same in every repo
 * and every run (so a re-run finds its pull request, and a merged one starts afresh). A
 * replacement is the provisioning of a new datastore: its own provisioning branch.
 * @public
 */
export function operationBranch(
  request: Pick<DatastoreRequest, 'service' | 'name'>,
  operation: PullRequestOperation = 'provision',
): string {
  if (operation === 'provision' || operation === 'replace') {
    return pullRequestBranch(request);
  }
  return `datastores/${nameStem({
    serviceName: request.service.name,
    name: request.name,
  })}-${operation}`;
}

const refOf = (request: DatastoreRequest) =>
  `${request.service.kind}:${request.service.namespace}/${request.service.name}`;

const what = (request: DatastoreRequest) =>
  `${request.kind} ${request.service.name}/${request.name}`;

/** The environments of a target's part (the GitOps repo holds a part of every environment). */
const environmentsIn = (decisions: Decision[], target: Target) =>
  decisions
    .filter(d => target === 'gitops' || d.target === 'terraform')
    .map(d => d.environment);

function body(lines: string[], record: ProvisioningRequestRecord): string {
  return [...lines, '', requestMarker(record)].join('\n');
}

/**
 * An in-place change: what changes, per environment, and what to check.
 * @public
 */
export function changeText(input: {
  before: DatastoreRequest;
  after: DatastoreRequest;
  decisions: Decision[];
  added: Environment[];
  removed: Environment[];
  target: Target;
  record: ProvisioningRequestRecord;
}): { title: string; body: string } {
  const { before, after } = input;
  const changes = [
    before.size !== after.size && `size ${before.size} → ${after.size}`,
    before.criticality !== after.criticality &&
      `criticality ${before.criticality} → ${after.criticality}`,
    input.added.length && `adds ${input.added.join(', ')}`,
    input.removed.length && `removes ${input.removed.join(', ')}`,
  ].filter((c): c is string => !!c);
  const title = `Change ${what(after)}: ${changes.join('; ')}`;
  return {
    title,
    body: body(
      [
        `Requested through Backstage for \`${refOf(after)}\`: ${changes.join(
          '; ',
        )}. The strategy of every environment that stays is unchanged (the policy decided again), so the files are edited in place.`,
        '',
        '| environment | strategy | provider | backups |',
        '|---|---|---|---|',
        ...input.decisions
          .filter(d =>
            environmentsIn(input.decisions, input.target).includes(
              d.environment,
            ),
          )
          .map(
            d =>
              `| ${d.environment} | ${d.strategy} | ${d.provider} | ${d.backup.summary} |`,
          ),
        '',
        '**What to check**',
        '',
        '- [ ] The diff changes only what is listed above.',
        ...(before.size !== after.size
          ? [
              '- [ ] A resize restarts or fails over the instance: merge in a maintenance window.',
            ]
          : []),
        ...(input.removed.length
          ? [
              `- [ ] Nobody uses ${input.removed.join(
                ', ',
              )} any more: their files and catalog entities are removed (their data is not kept).`,
            ]
          : []),
      ],
      input.record,
    ),
  };
}

/**
 * A change of strategy: the new datastore next to the old one, and the migration checklist.
 * @public
 */
export function replacementText(input: {
  old: DatastoreRequest;
  replacement: DatastoreRequest;
  decisions: Decision[];
  changed: Array<{ environment: Environment; from: string; to: string }>;
  target: Target;
  record: ProvisioningRequestRecord;
}): { title: string; body: string } {
  const { old, replacement } = input;
  const environments = environmentsIn(input.decisions, input.target);
  return {
    title: `Replace ${what(old)} with ${replacement.service.name}/${
      replacement.name
    } (${environments.join(', ')})`,
    body: body(
      [
        `Requested through Backstage for \`${refOf(old)}\`: ${
          old.name
        } becomes ${
          replacement.criticality
        }, so the policy runs it differently: ${input.changed
          .map(c => `${c.environment} ${c.from} → ${c.to}`)
          .join(
            ', ',
          )}. A datastore cannot change strategy in place, so this adds \`${
          replacement.name
        }\` next to \`${
          old.name
        }\`, which stays as it is until it is decommissioned.`,
        '',
        '| environment | strategy | provider | backups |',
        '|---|---|---|---|',
        ...input.decisions
          .filter(d => environments.includes(d.environment))
          .map(
            d =>
              `| ${d.environment} | ${d.strategy} | ${d.provider} | ${d.backup.summary} |`,
          ),
        '',
        '**Migration checklist**',
        '',
        `- [ ] Merge this pull request and wait until \`${replacement.name}\` is ready (its card says so).`,
        `- [ ] Copy the data: \`pg_dump\` from \`${old.name}\` and \`pg_restore\` into \`${replacement.name}\` during a write freeze, or logical replication (a publication on the old, a subscription on the new) to keep the downtime short.`,
        `- [ ] Cut over: point the service at the new connection secret (see \`${replacement.name}\` on the card: secret name and keys), deploy, and check it reads and writes.`,
        `- [ ] Decommission \`${old.name}\` with the "Decommission datastore" template (its data is kept as a final snapshot or backup first).`,
      ],
      input.record,
    ),
  };
}

function safeguardLine(step: DecommissionStep, notBefore?: string): string {
  switch (step.safeguard) {
    case 'final-snapshot':
      return `${step.environment}: deletion protection off; the removal's destroy takes the final snapshot \`${step.finalSnapshot}\`.`;
    case 'deletion-delay':
      return `${
        step.environment
      }: protection off; the removal is not opened before ${
        notBefore?.slice(0, 10) ?? 'the configured delay'
      }, so the project and its history stay until then.`;
    case 'backup':
      return `${step.environment}: an on-demand CloudNativePG Backup \`${step.backup}\`; check it completed (\`kubectl get backup ${step.backup}\`, phase completed) before the removal.`;
    default:
      return `${step.environment}: nothing to keep (no backups are required).`;
  }
}

/**
 * The first pull request of a decommission: what protects the data before the removal.
 * @public
 */
export function safeguardText(input: {
  request: DatastoreRequest;
  steps: DecommissionStep[];
  notBefore?: string;
  record: ProvisioningRequestRecord;
}): { title: string; body: string } {
  const environments = input.steps.map(s => s.environment).join(', ');
  return {
    title: `Prepare the decommission of ${what(
      input.request,
    )} (${environments})`,
    body: body(
      [
        `Requested through Backstage for \`${refOf(
          input.request,
        )}\`. Nothing is deleted yet: this keeps the data first.`,
        '',
        ...input.steps.map(s => `- ${safeguardLine(s, input.notBefore)}`),
        '',
        'Once this is merged **and applied**, run "Decommission datastore" again: it opens the removal.',
      ],
      input.record,
    ),
  };
}

/** What a removal keeps of one environment's data, and how to get it back. */
function keptLine(step: DecommissionStep, providers: ProviderCatalog): string {
  if (step.finalSnapshot) {
    const facts = providers[step.decision.provider];
    return `${facts?.title ?? step.decision.provider} final snapshot \`${
      step.finalSnapshot
    }\`${facts?.restore ? ` (${facts.restore})` : ''}.`;
  }
  if (step.backup) {
    return `CloudNativePG Backup \`${step.backup}\` in the datastore's object store (recover a new Cluster from it).`;
  }
  if (step.safeguard === 'deletion-delay') {
    return 'the Neon project was kept for the configured delay; deleting it deletes its history.';
  }
  return 'nothing is kept (no backups were required).';
}

/**
 * The removal: the files go, and the body names what was kept.
 * @public
 */
export function removalText(input: {
  request: DatastoreRequest;
  steps: DecommissionStep[];
  target: Target;
  record: ProvisioningRequestRecord;
  /** The installed providers (their titles and how to restore); the built-in ones unless given. */
  providers?: ProviderCatalog;
}): { title: string; body: string } {
  const environments = input.steps.map(s => s.environment).join(', ');
  const kept = input.steps.map(
    s =>
      `- ${s.environment}: ${keptLine(s, input.providers ?? PROVIDER_FACTS)}`,
  );
  return {
    title: `Decommission ${what(input.request)} (${environments})`,
    body: body(
      [
        `Requested through Backstage for \`${refOf(
          input.request,
        )}\`: removes the datastore${
          input.target === 'terraform'
            ? ' (the apply workflow destroys each removed root module from its last version)'
            : ''
        }, its connection secret's \`ExternalSecret\` and its catalog entity.`,
        '',
        '**What is kept**',
        '',
        ...kept,
        '',
        '**What to check**',
        '',
        '- [ ] Nothing reads this datastore any more (its connection secret goes with it).',
      ],
      input.record,
    ),
  };
}
