import { parseAllDocuments } from 'yaml';
import { renderDatastore, renderDatastores } from './renderDatastore';
import {
  testConfig,
  testDecision,
  testRequest,
} from '../../fixtures/render/fixtures';

const config = testConfig();

describe('renderDatastore', () => {
  it('touches both repos for a managed production Postgres, with the entity once', () => {
    const request = testRequest();
    const files = renderDatastore(
      request,
      testDecision(request, config),
      config,
      {
        system: 'shop',
      },
    );
    expect(files.map(f => [f.target, f.path])).toEqual([
      ['terraform', 'datastores/production/orders-main/versions.tf'],
      ['terraform', 'datastores/production/orders-main/main.tf'],
      ['terraform', 'datastores/production/orders-main/outputs.tf'],
      ['terraform', 'datastores/production/orders-main/catalog-info.yaml'],
      [
        'gitops',
        'apps/shop/production/orders-main-production.externalsecret.yaml',
      ],
    ]);
    const kinds = files
      .filter(f => f.path.endsWith('.yaml'))
      .flatMap(f => parseAllDocuments(f.content).map(d => d.toJS().kind));
    expect(kinds).toEqual(['Resource', 'ExternalSecret']);
  });

  it('writes a self-hosted datastore to the GitOps repo only, the entity outside the applied path', () => {
    const request = testRequest({
      kind: 'cache',
      name: 'cache',
      criticality: 'reconstructable',
    });
    const files = renderDatastore(
      request,
      testDecision(request, config),
      config,
    );
    expect(files.map(f => [f.target, f.path])).toEqual([
      ['gitops', 'apps/shop/production/orders-cache-production.yaml'],
      ['gitops', 'catalog/shop/orders-cache-production.yaml'],
    ]);
  });

  it('renders every environment of a request without colliding paths', () => {
    const request = testRequest({
      criticality: 'reconstructable',
      environments: ['production', 'staging', 'preview', 'dev'],
    });
    const files = renderDatastores(
      request,
      request.environments.map(env => testDecision(request, config, env)),
      config,
    );
    expect(files).toHaveLength(8);
    expect(new Set(files.map(f => `${f.target}:${f.path}`)).size).toBe(8);
  });

  it('puts objects in the environment’s namespace when configured', () => {
    const custom = testConfig({
      environments: { preview: { namespace: '{namespace}-preview' } },
    });
    const request = testRequest({
      environments: ['preview'],
      criticality: 'ephemeral',
    });
    const files = renderDatastore(
      request,
      testDecision(request, custom),
      custom,
    );
    expect(files.map(f => f.path)).toEqual([
      'apps/shop-preview/preview/orders-main-preview.yaml',
      'catalog/shop-preview/orders-main-preview.yaml',
    ]);
    expect(
      parseAllDocuments(files[0].content)[0].toJS().metadata.namespace,
    ).toBe('shop-preview');
  });

  it('refuses a decision of another request', () => {
    const request = testRequest();
    const other = testRequest({
      kind: 'cache',
      name: 'cache',
      criticality: 'reconstructable',
    });
    expect(() =>
      renderDatastore(request, testDecision(other, config), config),
    ).toThrow('does not belong to the request');
  });
});
