import { ConfigReader } from '@backstage/config';
import {
  DatastoreRequest,
  Decision,
  decide,
  validateDatastoreRequest,
} from '@datastores/plugin-datastores-common';
import { DatastoresConfig, readDatastoresConfig } from '../../config';
import { RenderContext, renderContext } from '../context';

/** The `datastores` configuration of the tests (test-only helper). */
export const TEST_CONFIG_DATA = {
  targets: {
    terraform: {
      repoUrl: 'https://github.com/acme/infra-terraform',
      path: 'datastores/{environment}/{service}-{name}',
    },
    gitops: {
      repoUrl: 'https://github.com/acme/infra-gitops',
      path: 'apps/{namespace}/{environment}',
    },
  },
  environments: {
    production: {
      aws: {
        region: 'eu-west-1',
        dbSubnetGroupName: 'prod-databases',
        vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
        kmsKeyId:
          'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab',
      },
    },
    staging: {
      aws: {
        region: 'eu-west-1',
        dbSubnetGroupName: 'staging-databases',
        vpcSecurityGroupIds: ['sg-0aaaaaaaaaaaaaaa0', 'sg-0bbbbbbbbbbbbbbb0'],
      },
    },
  },
  externalSecrets: {
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
  },
};

export function testConfig(overrides: object = {}): DatastoresConfig {
  return readDatastoresConfig(
    new ConfigReader({ datastores: { ...TEST_CONFIG_DATA, ...overrides } }),
  );
}

export function testRequest(raw: object = {}): DatastoreRequest {
  return validateDatastoreRequest({
    service: 'component:default/orders',
    name: 'main',
    kind: 'database',
    environments: ['production'],
    criticality: 'catastrophic',
    owner: 'group:default/shop-team',
    namespace: 'shop',
    ...raw,
  });
}

export function testDecision(
  request: DatastoreRequest,
  config: DatastoresConfig,
  environment = request.environments[0],
): Decision {
  return decide(
    {
      kind: request.kind,
      engine: request.engine,
      environment,
      criticality: request.criticality,
    },
    config.policy,
  );
}

export function testContext(
  raw: object = {},
  config: DatastoresConfig = testConfig(),
): RenderContext {
  const request = testRequest(raw);
  return renderContext(request, testDecision(request, config), config);
}
