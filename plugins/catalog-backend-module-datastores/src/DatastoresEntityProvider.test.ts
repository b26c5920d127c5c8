import { mockServices } from '@backstage/backend-test-utils';
import { NotModifiedError } from '@backstage/errors';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import { readDatastoresConfig } from '@datastores/plugin-datastores-node';
import { ConfigReader } from '@backstage/config';
import { DatastoresEntityProvider } from './DatastoresEntityProvider';

const config = readDatastoresConfig(
  new ConfigReader({
    datastores: {
      targets: {
        terraform: { repoUrl: 'https://github.com/acme/infra-terraform' },
        gitops: { repoUrl: 'https://github.com/acme/infra-gitops' },
      },
    },
  }),
);

const resource = (name: string, description?: string) =>
  JSON.stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      ...(description && { description }),
      annotations: { 'datastores.io/strategy': 'managed' },
    },
    spec: { type: 'database', owner: 'team' },
  });

/** A URL reader over files per repo, with each repo's commit as its etag. */
function reader() {
  const repos: Record<
    string,
    { commit: string; files: Record<string, string> }
  > = {
    'infra-terraform': { commit: 't1', files: {} },
    'infra-gitops': { commit: 'g1', files: {} },
  };
  const searched: string[] = [];
  return {
    repos,
    searched,
    async search(url: string, options?: { etag?: string }) {
      searched.push(url);
      const repo = repos[url.split('/')[4]];
      if (options?.etag === repo.commit) throw new NotModifiedError();
      return {
        etag: repo.commit,
        files: Object.entries(repo.files).map(([path, content]) => ({
          url: `${url.split('/blob/')[0]}/blob/main/${path}`,
          content: async () => Buffer.from(content),
        })),
      };
    },
  };
}

describe('DatastoresEntityProvider', () => {
  it('sends everything once (full), then only what changed (delta)', async () => {
    const urls = reader();
    urls.repos['infra-terraform'].files['datastores/a/catalog-info.yaml'] =
      resource('a');
    urls.repos['infra-gitops'].files['catalog/ns/b.yaml'] = resource('b');
    const mutations: EntityProviderMutation[] = [];
    const provider = new DatastoresEntityProvider({
      config,
      reader: urls as any,
      logger: mockServices.logger.mock(),
    });
    await provider.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });

    await provider.refresh();
    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    expect(
      mutations[0].type === 'full' &&
        mutations[0].entities.map(e => [e.entity.metadata.name, e.locationKey]),
    ).toEqual([
      [
        'a',
        'url:https://github.com/acme/infra-terraform/blob/main/datastores/a/catalog-info.yaml',
      ],
      [
        'b',
        'url:https://github.com/acme/infra-gitops/blob/main/catalog/ns/b.yaml',
      ],
    ]);

    // Nothing moved: no mutation at all.
    expect(await provider.refresh()).toEqual({
      added: 0,
      removed: 0,
      failed: [],
    });
    expect(mutations).toHaveLength(1);

    // b edited, c added, a removed.
    urls.repos['infra-gitops'] = {
      commit: 'g2',
      files: {
        'catalog/ns/b.yaml': resource('b', 'edited'),
        'catalog/ns/c.yaml': resource('c'),
      },
    };
    urls.repos['infra-terraform'] = { commit: 't2', files: {} };
    expect(await provider.refresh()).toEqual({
      added: 2,
      removed: 1,
      failed: [],
    });
    const delta = mutations[1];
    expect(delta.type).toBe('delta');
    if (delta.type !== 'delta') return;
    expect(delta.added.map(e => e.entity.metadata.name)).toEqual(['b', 'c']);
    expect(delta.removed).toEqual([{ entityRef: 'resource:default/a' }]);
  });

  it('keeps a repo it cannot read as it was, and skips a file that is not YAML', async () => {
    const urls = reader();
    urls.repos['infra-gitops'].files = {
      'catalog/ns/b.yaml': resource('b'),
      'catalog/ns/broken.yaml': 'metadata: [unclosed',
    };
    const logger = mockServices.logger.mock();
    const mutations: EntityProviderMutation[] = [];
    const provider = new DatastoresEntityProvider({
      config,
      reader: urls as any,
      logger,
    });
    await provider.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
    await provider.refresh();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Skipped https://github.com/acme/infra-gitops/blob/main/catalog/ns/broken.yaml',
      ),
    );
    urls.search = async () => {
      throw new Error('502 Bad Gateway');
    };
    expect(await provider.refresh()).toEqual({
      added: 0,
      removed: 0,
      failed: ['terraform', 'gitops'],
    });
    expect(mutations).toHaveLength(1);
  });

  it('does not take a repo it has never read out of the catalog: the full mutation waits for every repo', async () => {
    const urls = reader();
    urls.repos['infra-terraform'].files['datastores/a/catalog-info.yaml'] =
      resource('a');
    urls.repos['infra-gitops'].files['catalog/ns/b.yaml'] = resource('b');
    const search = urls.search;
    urls.search = async (url: string, options?: { etag?: string }) => {
      if (url.includes('infra-gitops')) throw new Error('502 Bad Gateway');
      return search(url, options);
    };
    const mutations: EntityProviderMutation[] = [];
    const provider = new DatastoresEntityProvider({
      config,
      reader: urls as any,
      logger: mockServices.logger.mock(),
    });
    await provider.connect({
      applyMutation: async m => {
        mutations.push(m);
      },
      refresh: async () => {},
    });
    // Just started, GitHub failing for the GitOps repo: what was read is added, nothing removed.
    expect(await provider.refresh()).toMatchObject({ failed: ['gitops'] });
    expect(mutations[0]).toEqual({
      type: 'delta',
      added: [
        expect.objectContaining({
          locationKey: expect.stringContaining('infra-terraform'),
        }),
      ],
      removed: [],
    });
    // Once both are read: the full mutation.
    urls.search = search;
    await provider.refresh();
    expect(mutations[1].type).toBe('full');
    expect(
      mutations[1].type === 'full' &&
        mutations[1].entities.map(e => e.entity.metadata.name),
    ).toEqual(['a', 'b']);
  });
});
