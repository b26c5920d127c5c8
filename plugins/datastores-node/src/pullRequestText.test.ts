import {
  decide,
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
      '| production | self-hosted | cloudnative-pg | otherwise-self-hosted | Scheduled backups',
    );
    expect(body).toContain('- [ ] The namespace is the service’s');
    expect(parseRequestMarker(body)).toEqual(record);
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
