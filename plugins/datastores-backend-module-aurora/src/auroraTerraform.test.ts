import path from 'path';
import { ConfigReader } from '@backstage/config';
import {
  decideRequest,
  planDecommission,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import {
  DatastoreProviders,
  readDatastoresConfig,
  removalPaths,
  removalText,
  renderDatastores,
  renderSafeguard,
} from '@datastores/plugin-datastores-node';
import {
  SCHEMAS,
  checkTerraformModule,
  loadProviderSchemas,
} from '@datastores/infra-conformance';
import { AURORA_POSTGRESQL, createAuroraProvider } from './provider';

// The pinned AWS and random providers' real schemas, with aws_rds_cluster and
// aws_rds_cluster_instance of the same AWS release (fixtures/PROVENANCE.tsv).
const schemas = loadProviderSchemas([
  path.join(SCHEMAS, 'providers', 'aws.json'),
  path.join(SCHEMAS, 'providers', 'random.json'),
  path.resolve(__dirname, '../fixtures/aws-rds-cluster.json'),
]);

const AWS = {
  region: 'eu-west-1',
  dbSubnetGroupName: 'prod-databases',
  vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
};

function setup(aurora: object = {}) {
  const root = new ConfigReader({
    datastores: {
      targets: {
        terraform: { repoUrl: 'https://github.com/acme/infra-terraform' },
        gitops: { repoUrl: 'https://github.com/acme/infra-gitops' },
      },
      environments: { production: { aws: AWS }, staging: { aws: AWS } },
      managed: { postgres: { provider: AURORA_POSTGRESQL } },
      aurora,
    },
  });
  const providers = DatastoreProviders.create([createAuroraProvider(root)]);
  return readDatastoresConfig(root, providers);
}

function render(
  raw: object = {},
  config = setup(),
): { files: ReturnType<typeof renderDatastores>; decisions: any[] } {
  const request = validateDatastoreRequest({
    service: 'component:default/orders',
    name: 'main',
    kind: 'database',
    environments: ['production', 'staging'],
    criticality: 'catastrophic',
    owner: 'group:default/shop-team',
    ...raw,
  });
  const decisions = decideRequest(
    request,
    config.policy,
    config.providers.catalog,
  );
  return { files: renderDatastores(request, decisions, config), decisions };
}

const modulesOf = (files: ReturnType<typeof renderDatastores>) => {
  const modules = new Map<string, Record<string, string>>();
  for (const f of files.filter(
    x => x.target === 'terraform' && x.path.endsWith('.tf'),
  )) {
    const dir = path.dirname(f.path);
    modules.set(dir, {
      ...modules.get(dir),
      [path.basename(f.path)]: f.content,
    });
  }
  return modules;
};

describe('Aurora PostgreSQL', () => {
  it('is what the policy decides for catastrophic data when it is the managed provider', () => {
    const { decisions } = render();
    expect(decisions.map(d => [d.environment, d.provider, d.target])).toEqual([
      ['production', AURORA_POSTGRESQL, 'terraform'],
      ['staging', AURORA_POSTGRESQL, 'terraform'],
    ]);
  });

  it('renders root modules that would pass terraform validate, with the files every managed datastore has', async () => {
    const { files } = render();
    const modules = modulesOf(files);
    expect(modules.size).toBe(2);
    for (const [dir, module] of modules) {
      expect(Object.keys(module).sort()).toEqual([
        'main.tf',
        'outputs.tf',
        'versions.tf',
      ]);
      expect(await checkTerraformModule(module, schemas)).toEqual([]);
      expect(module['main.tf']).toContain('resource "aws_rds_cluster" "this"');
      expect(module['main.tf']).toMatch(/engine +\= "aurora-postgresql"/);
      expect(module['main.tf']).not.toContain('aws_db_instance');
      expect(dir).toMatch(/^datastores\/(production|staging)\/orders-main$/);
    }
    // The schemas do refuse what the provider does not take.
    const [module] = modules.values();
    const wrong = {
      ...module,
      'main.tf': module['main.tf'].replace(
        'copy_tags_to_snapshot',
        'copy_tags_to_snapshots',
      ),
    };
    expect(await checkTerraformModule(wrong, schemas)).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('copy_tags_to_snapshots'),
      }),
    ]);
    // The product's own files: the catalog entity and the ExternalSecret.
    expect(files.filter(f => f.target === 'gitops').map(f => f.path)).toEqual([
      'apps/orders/production/orders-main-production.externalsecret.yaml',
      'apps/orders/staging/orders-main-staging.externalsecret.yaml',
    ]);
    const entity = files.find(f => f.entityRef)!;
    expect(entity.content).toContain(
      `datastores.io/provider: ${AURORA_POSTGRESQL}`,
    );
  });

  it('protects production data: deletion protection, a final snapshot, a reader in a second zone', () => {
    const { files } = render();
    const main = (env: string) =>
      files.find(f => f.path === `datastores/${env}/orders-main/main.tf`)!
        .content;
    expect(main('production')).toMatch(/deletion_protection +\= true/);
    expect(main('production')).toContain('prevent_destroy = true');
    expect(main('production')).toContain(
      'resource "aws_rds_cluster_instance" "reader"',
    );
    expect(main('production')).toMatch(/backup_retention_period +\= 7\n/);
    expect(main('staging')).not.toContain('"reader"');
  });

  it('takes its instance classes from datastores.aurora, and names a wrong one', () => {
    const { files } = render(
      { size: 'large' },
      setup({ instanceClass: { large: 'db.r8g.4xlarge' } }),
    );
    expect(files.map(f => f.content).join('\n')).toMatch(
      /instance_class +\= "db.r8g.4xlarge"/,
    );
    expect(() => setup({ instanceClass: 'db.m7g.large' })).toThrow(
      'datastores.aurora.instanceClass must be an Aurora instance class like db.r7g.large or db.t4g.medium; got "db.m7g.large"',
    );
    expect(() => setup({ engineVersion: '17' })).toThrow(
      'datastores.aurora.engineVersion must be an Aurora PostgreSQL version like 17.4',
    );
  });
});

describe('decommissioning an Aurora PostgreSQL', () => {
  it('first drops its protection and names the final snapshot, then removes its files, saying how to restore', async () => {
    const config = setup();
    const { files, decisions } = render({ environments: ['production'] });
    const record = {
      service: 'component:default/orders',
      name: 'main',
      kind: 'database',
      engine: 'postgres',
      environments: ['production'],
      criticality: 'catastrophic',
      size: 'small',
      decisions: decisions.map(d => ({ ...d })),
      pullRequests: [],
      resources: [],
    } as any;
    const { request, steps } = planDecommission(
      record,
      { service: record.service, name: 'main' },
      new Date('2026-12-03T10:00:00Z'),
      config.policy,
      { providers: config.providers.catalog },
    );
    expect(steps.map(s => [s.safeguard, s.finalSnapshot])).toEqual([
      ['final-snapshot', 'orders-main-production-final-20261203'],
    ]);

    const safeguard = renderSafeguard(request, steps[0], config, {
      requestedAt: '2026-12-03T10:00:00Z',
    });
    const main = safeguard.find(f => f.path.endsWith('main.tf'))!.content;
    expect(main).toMatch(/deletion_protection +\= false/);
    expect(main).toMatch(
      /final_snapshot_identifier +\= "orders-main-production-final-20261203"/,
    );
    expect(main).not.toContain('prevent_destroy');
    const [module] = modulesOf(safeguard).values();
    expect(await checkTerraformModule(module, schemas)).toEqual([]);

    // The removal deletes every file it was provisioned with.
    expect(
      removalPaths(request, steps[0], config)
        .map(p => p.path)
        .sort(),
    ).toEqual(files.map(f => f.path).sort());
    expect(
      removalText({
        request,
        steps,
        target: 'terraform',
        record,
        providers: config.providers.catalog,
      }).body,
    ).toContain(
      'Aurora PostgreSQL final snapshot `orders-main-production-final-20261203` (restore it with `aws rds restore-db-cluster-from-snapshot`)',
    );
  });
});
