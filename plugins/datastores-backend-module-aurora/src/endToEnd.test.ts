import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
// The test runs the plugin this module extends, as an app installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import datastoresPlugin from '@datastores/plugin-datastores-backend';
import scaffolderDatastoresModule from '@datastores/plugin-scaffolder-backend-module-datastores';
import { GithubServer, startGithubServer } from '@datastores/test-servers';
import request from 'supertest';
import { parse } from 'yaml';
import auroraModule from './index';

jest.setTimeout(60_000);

const SERVICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/shop-team',
    lifecycle: 'production',
  },
};
const USER = 'user:default/alice';

/**
 * The catalog as the datastores backend reads it: the real catalog's filtering
 * (`catalogServiceMock`), over entities the test replaces as the catalog module would ingest
 * them from the target repos.
 */
function swappableCatalog() {
  let current = catalogServiceMock({ entities: [SERVICE] });
  const catalog = new Proxy({} as CatalogService, {
    get: (_, key) => {
      const value = (current as any)[key];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return {
    catalog,
    setEntities: (entities: Entity[]) => {
      current = catalogServiceMock({ entities });
    },
  };
}

describe('an installed provider module, end to end', () => {
  let github: GithubServer;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const actions: TemplateAction<any, any, any>[] = [];
  const { catalog, setEntities } = swappableCatalog();

  beforeAll(async () => {
    github = await startGithubServer();
    for (const name of ['infra-terraform', 'infra-gitops']) {
      github.seedRepo({ owner: 'acme', name, labels: ['datastores'] });
    }
    const aws = {
      region: 'eu-west-1',
      dbSubnetGroupName: 'staging-databases',
      vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
    };
    // The stand-ins' addresses, and the one key that chooses the provider.
    const config = {
      integrations: {
        github: [
          {
            host: new URL(github.url).host,
            apiBaseUrl: github.apiBaseUrl,
            token: 'test-token',
          },
        ],
      },
      datastores: {
        targets: {
          terraform: { repoUrl: `${github.url}/acme/infra-terraform` },
          gitops: { repoUrl: `${github.url}/acme/infra-gitops` },
        },
        environments: { staging: { aws } },
        managed: { postgres: { provider: 'aurora-postgresql' } },
        // The card reads the catalog afresh after the merge below.
        catalogCacheTtlSeconds: 0,
      },
    };
    // The scaffolder, as far as its actions go: it owns the extension point.
    const scaffolder = createBackendPlugin({
      pluginId: 'scaffolder',
      register(env) {
        env.registerExtensionPoint(scaffolderActionsExtensionPoint, {
          addActions: (...added) => actions.push(...added),
        });
        env.registerInit({ deps: {}, async init() {} });
      },
    });
    backend = await startTestBackend({
      features: [
        scaffolder,
        scaffolderDatastoresModule,
        datastoresPlugin,
        auroraModule,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await github?.close();
  });

  const card = async () =>
    (
      await request(backend.server)
        .get('/api/datastores/v1/entities/component/default/orders/datastores')
        .set('Authorization', mockCredentials.user.header(USER))
        .expect(200)
    ).body.datastores;

  it('is decided, written as a pull request and shown on the card, never as fine', async () => {
    // The "Provision datastore" template's step: datastores:provision with the form's answers.
    const provision = actions.find(a => a.id === 'datastores:provision')!;
    const ctx = Object.assign(
      createMockActionContext({
        input: {
          service: 'component:default/orders',
          name: 'main',
          kind: 'database',
          engine: 'postgres',
          environments: ['staging'],
          criticality: 'catastrophic',
          size: 'small',
        } as any,
      }),
      {
        isDryRun: false,
        getInitiatorCredentials: async () => mockCredentials.user(USER),
      },
    );
    await provision.handler(ctx as any);

    // The pull request to the Terraform repo holds the Aurora cluster and the entity.
    const [pr] = github.pullRequests('acme', 'infra-terraform');
    expect(pr.body).toContain('aurora-postgresql');
    const files = github.files('acme', 'infra-terraform', pr.head);
    const dir = 'datastores/staging/orders-main';
    expect(files[`${dir}/main.tf`]).toContain(
      'resource "aws_rds_cluster" "this"',
    );
    expect(files[`${dir}/main.tf`]).not.toContain('aws_db_instance');
    const [secretPr] = github.pullRequests('acme', 'infra-gitops');
    expect(
      Object.keys(github.files('acme', 'infra-gitops', secretPr.head)),
    ).toContain('apps/orders/staging/orders-main-staging.externalsecret.yaml');

    // Before the merge: requested, its backups declared by the pull request, not protected.
    const [requested] = await card();
    expect(requested).toMatchObject({
      entityRef: 'resource:default/orders-main-staging',
      provider: 'aurora-postgresql',
      providerTitle: 'Aurora PostgreSQL',
      strategy: 'managed',
      inCatalog: false,
      backup: { posture: 'declared' },
    });
    expect(requested.pullRequests.map((p: any) => p.url)).toEqual(
      expect.arrayContaining([
        `${github.url}/acme/infra-terraform/pull/${pr.number}`,
      ]),
    );
    expect(requested.readiness.state).not.toBe('ready');

    // Merged, and ingested as the catalog module would: the Resource from the Terraform repo,
    // with the relation the catalog derives from spec.dependencyOf.
    github.setPullRequestState('acme', 'infra-terraform', pr.number, 'merged');
    const merged = github.files('acme', 'infra-terraform', 'main');
    const entityFile = Object.keys(merged).find(p => p.endsWith('.yaml'))!;
    const resource = parse(merged[entityFile]) as Entity;
    resource.relations = [
      { type: 'dependencyOf', targetRef: 'component:default/orders' },
    ];
    setEntities([SERVICE, resource]);

    const [declared] = await card();
    expect(declared).toMatchObject({
      provider: 'aurora-postgresql',
      providerTitle: 'Aurora PostgreSQL',
      inCatalog: true,
      backup: {
        posture: 'declared',
        detail: expect.stringContaining(
          'no live reader of Aurora PostgreSQL is installed',
        ),
      },
      readiness: { state: 'declared' },
    });
    // Nothing observed its backups, so the policy's grade is not "complies".
    expect(declared.policy.state).toBe('unknown');
  });
});
