import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { ProvisioningRequestRecord } from '@datastores/plugin-datastores-common';
import {
  createPullRequestEngine,
  readDatastoresConfig,
  requestMarker,
} from '@datastores/plugin-datastores-node';
import {
  createGithubApp,
  GithubServer,
  startGithubServer,
} from '@datastores/test-servers';
import { catalogStandIn } from '../../fixtures/catalogStandIn';
import { DatabaseRequestStore } from '../database/RequestStore';
import { NameOwners } from './NameOwners';
import { RequestRefresher } from './RequestRefresher';

jest.setTimeout(60_000);

/** A GitHub App the stand-in knows, and its private key for `integrations.github[].apps`. */
const APP = createGithubApp({
  appId: 31,
  slug: 'datastores-app',
  installations: [{ id: 5, account: 'acme' }],
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'RequestRefresher against the GitHub stand-in, on %s',
  databaseId => {
    let github: GithubServer;
    beforeAll(async () => {
      github = await startGithubServer({ apps: [APP.server] });
    });
    afterAll(() => github.close());

    async function setup(
      options: {
        /** How the config names the GitOps repo (default `http://host/acme/infra-gitops`). */
        gitopsRepoUrl?: string;
        trustedAuthors?: string[];
        /** Runs while the refresher reads a pull request (after it listed the requests). */
        duringStatusRead?: () => Promise<void>;
        /** Authenticate as the GitHub App instead of with a token. */
        asApp?: boolean;
      } = {},
    ) {
      github.reset();
      github.seedRepo({
        owner: 'acme',
        name: 'infra-gitops',
        files: { 'README.md': 'x\n' },
        labels: ['datastores'],
      });
      github.seedRepo({
        owner: 'acme',
        name: 'infra-terraform',
        files: { 'README.md': 'x\n' },
        labels: ['datastores'],
      });
      const config = new ConfigReader({
        integrations: {
          github: [
            {
              host: new URL(github.url).host,
              apiBaseUrl: github.apiBaseUrl,
              ...(options.asApp ? { apps: [APP.integration] } : { token: 't' }),
            },
          ],
        },
        datastores: {
          targets: {
            terraform: { repoUrl: `${github.url}/acme/infra-terraform` },
            gitops: {
              repoUrl:
                options.gitopsRepoUrl ?? `${github.url}/acme/infra-gitops`,
            },
          },
        },
      });
      const integrations = ScmIntegrations.fromConfig(config);
      const engine = createPullRequestEngine({
        integrations,
        credentialsProvider:
          DefaultGithubCredentialsProvider.fromIntegrations(integrations),
        retry: { initialDelayMs: 5, maxRetryTimeMs: 500 },
      });
      const store = await DatabaseRequestStore.create({
        database: mockServices.database({
          knex: await databases.init(databaseId),
          migrations: { skip: false },
        }),
      });
      const catalog = catalogStandIn({ github });
      const auth = mockServices.auth();
      const refresher = new RequestRefresher({
        store,
        engine: {
          ...engine,
          getPullRequestStatuses: async refs => {
            await options.duringStatusRead?.();
            return engine.getPullRequestStatuses(refs);
          },
        },
        catalog,
        auth,
        logger: mockServices.logger.mock(),
        names: new NameOwners({ catalog, store, auth }),
        config: readDatastoresConfig(config),
        trustedAuthors: options.trustedAuthors,
      });
      return { engine, store, catalog, refresher };
    }

    const record: ProvisioningRequestRecord = {
      service: 'component:default/orders',
      name: 'main',
      kind: 'database',
      engine: 'postgres',
      environments: ['preview'],
      criticality: 'ephemeral',
      decisions: [
        {
          environment: 'preview',
          strategy: 'self-hosted',
          provider: 'cloudnative-pg',
          target: 'gitops',
          rationale: 'r',
        },
      ],
      pullRequests: [],
      resources: ['resource:default/orders-main-preview'],
      catalogFiles: [
        {
          target: 'gitops',
          path: 'catalog/orders/orders-main-preview.yaml',
          entityRef: 'resource:default/orders-main-preview',
        },
      ],
    };

    /** How the action records the GitOps pull request it opened. */
    const gitopsPullRequest = (pr: { url: string; number: number }) => ({
      target: 'gitops' as const,
      repo: 'acme/infra-gitops',
      url: pr.url,
      number: pr.number,
    });

    const resourceYaml = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Resource',
      'metadata:',
      '  name: orders-main-preview',
      'spec:',
      '  type: database',
      '  owner: group:default/shop-team',
      '  dependencyOf: [component:default/orders]',
      '',
    ].join('\n');

    async function openPullRequest(
      engine: Awaited<ReturnType<typeof setup>>['engine'],
    ) {
      return engine.openPullRequest({
        repo: `${github.url}/acme/infra-gitops`,
        branch: 'datastores/orders-main',
        files: { 'catalog/orders/orders-main-preview.yaml': resourceYaml },
        title: 'Provision database orders/main (preview)',
        body: `Why...\n\n${requestMarker(record)}`,
        labels: ['datastores'],
      });
    }

    it('rediscovers a request the backend never heard of, from its marker', async () => {
      const { engine, store, refresher } = await setup();
      const pr = await openPullRequest(engine);

      const summary = await refresher.refresh();

      expect(summary).toMatchObject({ rediscovered: 1, errors: [] });
      const [stored] = await store.list();
      expect(stored.request).toMatchObject({
        service: 'component:default/orders',
        name: 'main',
      });
      expect(stored.request.pullRequests).toEqual([
        expect.objectContaining({
          url: pr.url,
          number: pr.number,
          target: 'gitops',
          repo: 'acme/infra-gitops',
          state: 'open',
        }),
      ]);
      // A second pass finds nothing new.
      expect((await refresher.refresh()).rediscovered).toBe(0);
      expect(await store.list()).toHaveLength(1);
    });

    it('does all of it as a GitHub App: rediscovers its own markers, follows the merge', async () => {
      const { engine, store, catalog, refresher } = await setup({
        asApp: true,
      });
      const pr = await openPullRequest(engine);
      expect(github.pullRequests('acme', 'infra-gitops')[0].author).toBe(
        'datastores-app[bot]',
      );

      // The app's bot is who the credentials act as: its markers are trusted.
      expect(await refresher.refresh()).toMatchObject({
        rediscovered: 1,
        ignored: [],
        errors: [],
      });
      github.setPullRequestState('acme', 'infra-gitops', pr.number, 'merged');
      await refresher.refresh();
      const [stored] = await store.list();
      expect(stored.request.pullRequests[0].state).toBe('merged');
      // The catalog module's entity provider reads the merged entity from the repo.
      expect(catalog.addLocation).not.toHaveBeenCalled();
      expect(github.apps.issued.length).toBeGreaterThan(0);
      expect(github.calls.filter(c => c.status === 401)).toEqual([]);
    });

    it.each([
      [1, 1],
      [50, 1],
      [500, 10],
    ])(
      'reads the open pull requests of %i requests in %i queries a cycle',
      async (count, queries) => {
        const { store, refresher } = await setup();
        for (let i = 0; i < count; i++) {
          const pr = github.openPullRequestAs({
            owner: 'acme',
            repo: 'infra-gitops',
            author: 'someone',
            branch: `datastores/orders-m${i}`,
            files: { [`m${i}.yaml`]: 'x\n' },
            title: `m${i}`,
            body: '',
          });
          await store.record(
            {
              ...record,
              name: `m${i}`,
              resources: [`resource:default/orders-m${i}-preview`],
              catalogFiles: [],
              pullRequests: [
                gitopsPullRequest({
                  url: `${github.url}/acme/infra-gitops/pull/${pr.number}`,
                  number: pr.number,
                }),
              ],
            },
            'test',
          );
        }
        github.resetCalls();
        const summary = await refresher.refresh();
        expect(summary).toMatchObject({ refreshed: count, errors: [] });
        expect(
          github.calls.filter(
            c => c.graphql?.name === 'DatastoresPullRequestStatuses',
          ),
        ).toHaveLength(queries);
        const stored = await store.list();
        expect(
          stored.every(s => s.request.pullRequests[0].state === 'open'),
        ).toBe(true);
      },
    );

    it('keeps state and checks current, and leaves the catalog to the entity provider', async () => {
      const { engine, store, catalog, refresher } = await setup();
      const pr = await openPullRequest(engine);
      await store.record(
        {
          ...record,
          pullRequests: [gitopsPullRequest(pr)],
        },
        'test',
      );
      github.addCheckRun('acme', 'infra-gitops', pr.headSha, {
        name: 'validate',
        status: 'completed',
        conclusion: 'failure',
      } as any);

      await refresher.refresh();
      let [stored] = await store.list();
      expect(stored.request.pullRequests[0]).toMatchObject({
        state: 'open',
        checks: 'failure',
      });
      expect(catalog.addLocation).not.toHaveBeenCalled();

      github.setPullRequestState('acme', 'infra-gitops', pr.number, 'merged');
      await refresher.refresh();
      [stored] = await store.list();
      expect(stored.request.pullRequests[0].state).toBe('merged');
      expect(catalog.addLocation).not.toHaveBeenCalled();

      // Merged pull requests are not read again.
      github.resetCalls();
      await refresher.refresh();
      expect(
        github.calls.filter(
          c => c.graphql?.name === 'DatastoresPullRequestStatuses',
        ),
      ).toHaveLength(0);
    });

    it('removes the entity and the request once a removal merges, and a decommissioned datastore stays gone', async () => {
      const { engine, store, catalog, refresher } = await setup();
      const pr = await openPullRequest(engine);
      // Registered as an earlier version of the backend did (a location per merged file, kept
      // in `registered`); today the catalog module's entity provider emits the entity.
      const location = `${github.url}/acme/infra-gitops/blob/main/catalog/orders/orders-main-preview.yaml`;
      await store.record(
        {
          ...record,
          pullRequests: [gitopsPullRequest(pr)],
          registered: [location],
        },
        'test',
      );
      github.mergePullRequest('acme', 'infra-gitops', pr.number);
      await catalog.addLocation(
        { type: 'url', target: location },
        { credentials: mockCredentials.service() },
      );
      await refresher.refresh();
      expect(
        await catalog.getEntityByRef('resource:default/orders-main-preview'),
      ).toBeDefined();

      const removalRecord = {
        ...record,
        operation: 'removal' as const,
        removes: ['preview' as const],
      };
      const removal = await engine.openPullRequest({
        repo: `${github.url}/acme/infra-gitops`,
        branch: 'datastores/orders-main-removal',
        files: { 'catalog/orders/orders-main-preview.yaml': null },
        title: 'Decommission database orders/main (preview)',
        body: `Removes it.\n\n${requestMarker(removalRecord)}`,
        labels: ['datastores'],
      });
      await store.record(
        {
          ...record,
          pullRequests: [
            {
              ...gitopsPullRequest(removal),
              operation: 'removal',
              removes: ['preview'],
            },
          ],
        },
        'test',
      );
      // Open: the entity stays.
      await refresher.refresh();
      expect(
        await catalog.getEntityByRef('resource:default/orders-main-preview'),
      ).toBeDefined();

      github.mergePullRequest('acme', 'infra-gitops', removal.number);
      const summary = await refresher.refresh();
      expect(summary).toMatchObject({
        unregistered: ['resource:default/orders-main-preview'],
        errors: [],
      });
      expect(
        await catalog.getEntityByRef('resource:default/orders-main-preview'),
      ).toBeUndefined();
      // The location that earlier version registered goes too.
      expect(catalog.removeLocationById).toHaveBeenCalledTimes(1);
      expect(await store.list()).toEqual([]);

      // Both merged pull requests are still listed: neither brings the datastore back.
      const again = await refresher.refresh();
      expect(again).toMatchObject({ rediscovered: 0, errors: [] });
      expect(await store.list()).toEqual([]);
    });

    it("follows a merged Terraform pull request's apply on its merge commit until it finishes", async () => {
      const { engine, store, refresher } = await setup();
      const managed: ProvisioningRequestRecord = {
        ...record,
        environments: ['production'],
        criticality: 'catastrophic',
        decisions: [
          {
            environment: 'production',
            strategy: 'managed',
            provider: 'rds',
            target: 'terraform',
            rationale: 'r',
          },
        ],
        resources: ['resource:default/orders-main-production'],
        catalogFiles: [],
      };
      const pr = await engine.openPullRequest({
        repo: `${github.url}/acme/infra-terraform`,
        branch: 'datastores/orders-main',
        files: { 'datastores/production/orders-main/main.tf': '# db\n' },
        title: 'Provision database orders/main (production)',
        body: `Why...\n\n${requestMarker(managed)}`,
        labels: ['datastores'],
      });
      await store.record(
        {
          ...managed,
          pullRequests: [
            {
              target: 'terraform',
              repo: 'acme/infra-terraform',
              url: pr.url,
              number: pr.number,
            },
          ],
        },
        'test',
      );
      const sha = github.mergePullRequest('acme', 'infra-terraform', pr.number);
      const run = (status: string, conclusion?: string) =>
        github.addCheckRun('acme', 'infra-terraform', sha, {
          name: 'apply (datastores/production/orders-main)',
          status,
          conclusion,
        } as any);
      run('in_progress');
      await refresher.refresh();
      let [stored] = await store.list();
      expect(stored.request.pullRequests[0]).toMatchObject({
        state: 'merged',
        mergedAt: expect.stringMatching(/^\d{4}-/),
        apply: { production: 'pending' },
      });

      // Still pending: read again next cycle, and the finished run counts.
      run('completed', 'success');
      github.resetCalls();
      await refresher.refresh();
      [stored] = await store.list();
      expect(stored.request.pullRequests[0].apply).toEqual({
        production: 'success',
      });
      // Finished: not read again.
      github.resetCalls();
      await refresher.refresh();
      expect(
        github.calls.filter(
          c => c.graphql?.name === 'DatastoresPullRequestStatuses',
        ),
      ).toHaveLength(0);
    });

    describe('trusts only markers the product wrote', () => {
      const foreignPullRequest = (
        author: string,
        marker: ProvisioningRequestRecord = record,
        branch = 'datastores/orders-main',
      ) =>
        github.openPullRequestAs({
          owner: 'acme',
          repo: 'infra-gitops',
          author,
          branch,
          files: { 'catalog/orders/orders-main-preview.yaml': resourceYaml },
          title: 'Provision database orders/main (preview)',
          body: `Why...\n\n${requestMarker(marker)}`,
          labels: ['datastores'],
        });

      it('ignores a valid marker in a pull request someone else opened', async () => {
        const { store, refresher } = await setup();
        foreignPullRequest('mallory');

        const summary = await refresher.refresh();

        expect(summary.rediscovered).toBe(0);
        expect(summary.ignored).toEqual([
          expect.stringContaining(
            "it was opened by mallory, not by the product's GitHub identity (backstage-bot)",
          ),
        ]);
        expect(await store.list()).toEqual([]);
      });

      it('trusts a configured app login, spelt either way', async () => {
        const { store, refresher } = await setup({
          trustedAuthors: ['datastores-app[bot]'],
        });
        foreignPullRequest('datastores-app[bot]'); // GraphQL answers "datastores-app"

        expect((await refresher.refresh()).rediscovered).toBe(1);
        expect(await store.list()).toHaveLength(1);
        expect(
          github.calls.filter(c => c.graphql?.name === 'DatastoresViewer'),
        ).toHaveLength(0);
      });

      it.each([
        [
          'a resource of another service',
          {
            ...record,
            resources: ['resource:default/payments-main-preview'],
          },
          'resources[0] must be one of resource:default/orders-main-preview',
        ],
        [
          'a catalog file outside the repo',
          {
            ...record,
            catalogFiles: [
              {
                target: 'gitops' as const,
                path: '../../etc/passwd',
                entityRef: 'resource:default/orders-main-preview',
              },
            ],
          },
          'catalogFiles[0].path must be a relative path',
        ],
        [
          'a hostile name',
          { ...record, name: 'main\n---\nkind: Secret' },
          'name must be lower-case letters',
        ],
        [
          'a request the policy refuses',
          { ...record, criticality: 'catastrophic' as const },
          'catastrophic',
        ],
      ])(
        'ignores the product’s own pull request whose marker holds %s',
        async (_what, marker, why) => {
          const { store, refresher } = await setup();
          foreignPullRequest(
            'backstage-bot',
            marker as ProvisioningRequestRecord,
          );

          const summary = await refresher.refresh();

          expect(summary.rediscovered).toBe(0);
          expect(summary.ignored).toEqual([expect.stringContaining(why)]);
          expect(await store.list()).toEqual([]);
        },
      );

      it("ignores a marker on a branch that is not the request's", async () => {
        const { store, refresher } = await setup();
        foreignPullRequest('backstage-bot', record, 'datastores/payments-main');

        const summary = await refresher.refresh();

        expect(summary.ignored).toEqual([
          expect.stringContaining(
            'its branch "datastores/payments-main" is not the request\'s "datastores/orders-main"',
          ),
        ]);
        expect(await store.list()).toEqual([]);
      });

      it('ignores a marker whose names another service owns', async () => {
        const { store, refresher } = await setup();
        await store.record(
          { ...record, service: 'component:shop/orders' },
          'test',
        );
        foreignPullRequest('backstage-bot');

        const summary = await refresher.refresh();

        expect(summary.ignored).toEqual([
          expect.stringContaining('already belong to component:shop/orders'),
        ]);
        expect((await store.list()).map(s => s.request.service)).toEqual([
          'component:shop/orders',
        ]);
      });
    });

    it('reads a pull request by its repository, not by the host of its web URL (GitHub Enterprise)', async () => {
      const { engine, store, refresher } = await setup();
      const pr = await openPullRequest(engine);
      const webUrl = `https://github.example.com/acme/infra-gitops/pull/${pr.number}`;
      await store.record(
        {
          ...record,
          pullRequests: [
            {
              target: 'gitops',
              repo: 'acme/infra-gitops',
              url: webUrl,
              number: pr.number,
            },
          ],
        },
        'test',
      );
      github.setPullRequestState('acme', 'infra-gitops', pr.number, 'merged');

      const summary = await refresher.refresh();

      expect(summary.errors).toEqual([]);
      expect(summary.refreshed).toBe(1);
      const [stored] = await store.list();
      expect(stored.request.pullRequests).toEqual([
        expect.objectContaining({ url: webUrl, state: 'merged' }),
      ]);
    });

    it('keeps every field of a request recorded while a refresh cycle runs', async () => {
      let rerun: (() => Promise<unknown>) | undefined;
      const { engine, store, refresher } = await setup({
        // A re-run adding dev is recorded after the refresher listed the requests.
        duringStatusRead: async () => {
          await rerun?.();
          rerun = undefined;
        },
      });
      const pr = await openPullRequest(engine);
      await store.record(
        { ...record, pullRequests: [gitopsPullRequest(pr)] },
        'test',
      );
      github.addCheckRun('acme', 'infra-gitops', pr.headSha, {
        name: 'validate',
        status: 'completed',
        conclusion: 'success',
      } as any);
      rerun = () =>
        store.record(
          {
            ...record,
            environments: ['dev'],
            decisions: [{ ...record.decisions[0], environment: 'dev' }],
            resources: ['resource:default/orders-main-dev'],
            pullRequests: [gitopsPullRequest(pr)],
          },
          'test',
        );

      const summary = await refresher.refresh();

      expect(rerun).toBeUndefined(); // it ran during the cycle
      expect(summary.refreshed).toBe(1);
      const [stored] = await store.list();
      expect(stored.request.environments).toEqual(['preview', 'dev']);
      expect(stored.request.resources).toEqual([
        'resource:default/orders-main-preview',
        'resource:default/orders-main-dev',
      ]);
      expect(stored.request.pullRequests).toEqual([
        expect.objectContaining({ state: 'open', checks: 'success' }),
      ]);
    });
  },
);
