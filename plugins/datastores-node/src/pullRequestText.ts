import {
  DEFAULT_PRICES,
  Decision,
  DatastoreRequest,
  PriceTable,
  ProvisioningRequestRecord,
  Target,
  costSourceLine,
  PROVIDER_FACTS,
  ProviderCatalog,
  estimateCost,
  formatMonthlyCost,
  nameStem,
} from '@datastores/plugin-datastores-common';

const MARKER = 'datastores-request';
const MARKER_PATTERN = new RegExp(`<!-- ${MARKER}: (\\{.*?\\}) -->`, 's');

/** The branch a service's datastore is provisioned on, the same in every repo and every run. @public */
export function pullRequestBranch(
  request: Pick<DatastoreRequest, 'service' | 'name'>,
): string {
  return `datastores/${nameStem({
    serviceName: request.service.name,
    name: request.name,
  })}`;
}

/**
 * The machine-readable marker that lets the backend rediscover a request from its pull
 * request. JSON inside an HTML comment: `<`, `>` and `-` are escaped so no value can close the
 * comment early.
 * @public
 */
export function requestMarker(record: ProvisioningRequestRecord): string {
  const json = JSON.stringify(record).replace(
    /[<>-]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<!-- ${MARKER}: ${json} -->`;
}

/** The request in a pull request body's marker, or undefined when it has none. @public */
export function parseRequestMarker(
  body: string,
): ProvisioningRequestRecord | undefined {
  const match = MARKER_PATTERN.exec(body);
  if (!match) return undefined;
  try {
    return JSON.parse(match[1]);
  } catch {
    return undefined;
  }
}

const REVIEW: Record<Target, string[]> = {
  terraform: [
    'The backup settings match the requirements below (retention, PITR, deletion protection, final snapshot, Multi-AZ).',
    'The instance size and the AWS settings (region, subnet group, security groups, KMS key) are the ones for this environment.',
    '`terraform plan` in the checks creates only what this pull request describes.',
  ],
  gitops: [
    'The namespace is the service’s, and every object carries the `backstage.io/kubernetes-id` label.',
    'The size and the backup schedule fit the environment.',
    'The Resource entity names the right owner and system.',
  ],
};

/**
 * Title and body of the pull request of one target repo. The estimated costs come from
 * `prices` (the configuration's `costs`; the shipped prices unless given) at the request's size.
 * @public
 */
export function pullRequestText(
  request: DatastoreRequest,
  decisions: Decision[],
  target: Target,
  record: ProvisioningRequestRecord,
  prices: PriceTable = DEFAULT_PRICES,
  providers: ProviderCatalog = PROVIDER_FACTS,
): { title: string; body: string } {
  const mine = decisions.filter(
    d => target === 'gitops' || d.target === 'terraform',
  );
  const environments = mine.map(d => d.environment).join(', ');
  const title = `Provision ${request.kind} ${request.service.name}/${request.name} (${environments})`;
  const cost = estimateCost(mine, request.size, prices, providers);
  const whole = estimateCost(decisions, request.size, prices, providers);
  const costOf = (i: number) => {
    if (!cost) return 'not estimated';
    const { monthly, multiAz } = cost.perEnvironment[i];
    return `${formatMonthlyCost(monthly, cost.currency)}${
      multiAz ? ' (Multi-AZ)' : ''
    }`;
  };
  const unpriced = [...new Set(mine.map(d => d.provider))].filter(
    p => !prices.prices[p],
  );
  const total = cost
    ? `**Estimated cost**: ${formatMonthlyCost(
        cost.totalMonthly,
        cost.currency,
      )} in total${
        mine.length < decisions.length && whole
          ? ` for the environments above (${formatMonthlyCost(
              whole.totalMonthly,
              whole.currency,
            )} for the whole request)`
          : ''
      }, at size ${request.size}; ${costSourceLine(cost)}.`
    : `**Estimated cost**: not estimated: datastores.costs has no price for ${unpriced.join(
        ', ',
      )}.`;
  const lines = [
    `Requested through Backstage for \`${request.service.kind}:${request.service.namespace}/${request.service.name}\`: a ${request.criticality} ${request.engine} ${request.kind} named \`${request.name}\`.`,
    '',
    '| environment | strategy | provider | rule | backups | estimated cost |',
    '|---|---|---|---|---|---|',
    ...mine.map(
      (d, i) =>
        `| ${d.environment} | ${d.strategy} | ${d.provider} | ${d.rule} | ${
          d.backup.summary
        } | ${costOf(i)} |`,
    ),
    '',
    total,
    '',
    '**Why**',
    '',
    ...mine.map(d => `- ${d.environment}: ${d.rationale}`),
    '',
    '**What to check**',
    '',
    ...REVIEW[target].map(item => `- [ ] ${item}`),
    '',
    requestMarker(record),
  ];
  return { title, body: lines.join('\n') };
}
