import {
  decide,
  DEFAULT_PRICES,
  parsePriceTable,
  ProvisioningRequestRecord,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import {
  parseRequestMarker,
  pullRequestBranch,
  pullRequestText,
  requestMarker,
} from './pullRequestText';

const request = validateDatastoreRequest({
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  environments: ['production', 'preview'],
  criticality: 'reconstructable',
});
const decisions = request.environments.map(environment =>
  decide({ kind: request.kind, environment, criticality: request.criticality }),
);
const record: ProvisioningRequestRecord = {
  service: 'component:default/orders',
  name: 'main',
  kind: 'database',
  engine: 'postgres',
  environments: ['production', 'preview'],
  criticality: 'reconstructable',
  decisions: decisions.map(d => ({
    environment: d.environment,
    strategy: d.strategy,
    provider: d.provider,
    target: d.target,
    rationale: 'rule text with --> and <script> in it',
  })),
  pullRequests: [],
  resources: ['resource:default/orders-main-production'],
};

describe('pull request text', () => {
  it('uses one branch per service and datastore', () => {
    expect(pullRequestBranch(request)).toBe('datastores/orders-main');
  });

  it('carries the decisions, the rationale, the checklist and the marker', () => {
    const { title, body } = pullRequestText(
      request,
      decisions,
      'gitops',
      record,
    );
    expect(title).toBe('Provision database orders/main (production, preview)');
    expect(body).toContain(
      '| environment | strategy | provider | rule | backups | estimated cost |',
    );
    expect(body).toContain(
      '| production | self-hosted | cloudnative-pg | otherwise-self-hosted | Scheduled backups, kept at least 7 days, so a rebuild is not the only way back. | about $17/month |',
    );
    expect(body).toContain(
      `**Estimated cost**: about $34/month in total, at size small; estimated, from ${DEFAULT_PRICES.source} as of ${DEFAULT_PRICES.asOf}.`,
    );
    expect(body).toContain('- [ ] The namespace is the service’s');
    expect(parseRequestMarker(body)).toEqual(record);
  });

  it('estimates the cost from the configured prices at the request’s size', () => {
    const large = validateDatastoreRequest({
      service: 'component:default/orders',
      name: 'main',
      kind: 'database',
      environments: ['production', 'staging', 'dev'],
      criticality: 'catastrophic',
      size: 'large',
    });
    const managed = ['production', 'staging'].map(environment =>
      decide({
        kind: 'database',
        environment: environment as 'production' | 'staging',
        criticality: 'catastrophic',
      }),
    );
    const selfHosted = decide({
      kind: 'database',
      environment: 'dev',
      criticality: 'ephemeral',
    });
    const prices = parsePriceTable({
      source: 'FinOps sheet',
      asOf: '2026-11-30',
      prices: { rds: { large: 500 }, 'cloudnative-pg': { large: 100 } },
    });
    const all = [...managed, selfHosted];
    const terraform = pullRequestText(large, all, 'terraform', record, prices);
    expect(terraform.body).toContain(
      '| production | managed | rds | catastrophic-is-managed | Automated backups with point-in-time recovery, kept at least 7 days; deletion protection and a final snapshot; Multi-AZ. | about $1,000/month (Multi-AZ) |',
    );
    expect(terraform.body).toContain('| about $500/month |');
    expect(terraform.body).toContain(
      '**Estimated cost**: about $1,500/month in total for the environments above (about $1,600/month for the whole request), at size large; estimated, from FinOps sheet as of 2026-11-30.',
    );
    const gitops = pullRequestText(large, all, 'gitops', record, prices);
    expect(gitops.body).toContain(
      '**Estimated cost**: about $1,600/month in total, at size large;',
    );
    // The marker is the record, whatever the prices.
    expect(parseRequestMarker(terraform.body)).toEqual(record);
  });

  it('keeps the marker inside its comment whatever the values hold', () => {
    const marker = requestMarker(record);
    expect(marker.match(/-->/g)).toHaveLength(1);
    expect(marker).not.toContain('<script>');
    expect(parseRequestMarker(`text\n${marker}\nmore`)).toEqual(record);
  });

  it('finds no marker in other pull requests', () => {
    expect(parseRequestMarker('Bump lodash')).toBeUndefined();
    expect(
      parseRequestMarker('<!-- datastores-request: {not json} -->'),
    ).toBeUndefined();
  });
});
