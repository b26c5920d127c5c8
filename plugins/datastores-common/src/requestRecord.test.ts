import { ProvisioningRequestRecord } from './requests';
import { requestRecordProblems, validateRequestRecord } from './requestRecord';

const record: ProvisioningRequestRecord = {
  service: 'component:shop/orders',
  name: 'main',
  kind: 'database',
  engine: 'postgres',
  environments: ['preview', 'dev'],
  criticality: 'ephemeral',
  decisions: [
    {
      environment: 'preview',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      target: 'gitops',
      rationale: 'r',
    },
    {
      environment: 'dev',
      strategy: 'self-hosted',
      provider: 'cloudnative-pg',
      target: 'gitops',
      rationale: 'r',
    },
  ],
  pullRequests: [
    {
      target: 'gitops',
      repo: 'acme/infra-gitops',
      url: 'https://github.com/acme/infra-gitops/pull/4',
      number: 4,
      state: 'open',
    },
  ],
  resources: [
    'resource:shop/orders-main-preview',
    'resource:shop/orders-main-dev',
  ],
  catalogFiles: [
    {
      target: 'gitops',
      path: 'catalog/orders/orders-main-preview.yaml',
      entityRef: 'resource:shop/orders-main-preview',
    },
  ],
};

describe('validateRequestRecord', () => {
  it('takes who asked as a user entity ref only', () => {
    expect(
      requestRecordProblems({ ...record, requestedBy: 'user:default/jane' }),
    ).toEqual([]);
    for (const requestedBy of ['group:default/team', 'jane', 42]) {
      expect(requestRecordProblems({ ...record, requestedBy })).toEqual([
        {
          field: 'requestedBy',
          message:
            'requestedBy must be a user entity ref, e.g. user:default/jane-doe',
        },
      ]);
    }
  });

  it('accepts what the action records, with its defaults filled in', () => {
    expect(requestRecordProblems(record)).toEqual([]);
    expect(validateRequestRecord(record)).toMatchObject({
      ...record,
      size: 'small',
      namespace: 'orders',
    });
  });

  it.each([
    [{ name: 'main\n---' }, 'name'],
    [{ resources: ['resource:default/orders-main-preview'] }, 'resources[0]'],
    [
      { resources: [...record.resources, 'resource:shop/payments-db-dev'] },
      'resources[2]',
    ],
    [
      {
        decisions: [
          record.decisions[0],
          { ...record.decisions[1], environment: 'production' },
        ],
      },
      'decisions[1].environment',
    ],
    [
      { decisions: [record.decisions[0], record.decisions[0]] },
      'decisions[1].environment',
    ],
    [
      { decisions: [{ ...record.decisions[0], strategy: 'yolo' }] },
      'decisions[0].strategy',
    ],
    [
      {
        pullRequests: [
          { ...record.pullRequests[0], url: 'ftp://example.com/x' },
        ],
      },
      'pullRequests[0].url',
    ],
    [
      { pullRequests: [{ ...record.pullRequests[0], repo: '../x' }] },
      'pullRequests[0].repo',
    ],
    [
      { pullRequests: [{ ...record.pullRequests[0], number: 0 }] },
      'pullRequests[0].number',
    ],
    [
      {
        catalogFiles: [
          { ...record.catalogFiles![0], path: 'catalog/../../etc/passwd' },
        ],
      },
      'catalogFiles[0].path',
    ],
    [
      {
        catalogFiles: [{ ...record.catalogFiles![0], path: 'x.yaml?ref=evil' }],
      },
      'catalogFiles[0].path',
    ],
    [
      {
        catalogFiles: [
          {
            ...record.catalogFiles![0],
            entityRef: 'resource:shop/someone-else',
          },
        ],
      },
      'catalogFiles[0].entityRef',
    ],
    [{ decisions: 'all' }, 'decisions'],
  ])('refuses %j, naming %s', (change, field) => {
    const problems = requestRecordProblems({ ...record, ...change });
    expect(problems.map(p => p.field)).toContain(field);
    expect(() => validateRequestRecord({ ...record, ...change })).toThrow(
      field.replace(/\[.*$/, ''),
    );
  });
});
