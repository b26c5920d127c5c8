import { readDatastoresConfig } from '@datastores/plugin-datastores-node';
import { ConfigReader } from '@backstage/config';

/** The service every action test provisions for: `orders`, in Kubernetes namespace `shop`. */
export const ordersService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'shop' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/shop-team',
    system: 'shop',
    lifecycle: 'production',
  },
};

/**
 * The `datastores` configuration of the tests: the two target repos on `baseUrl` (github.com
 * by default, the GitHub stand-in's URL in the tests that open pull requests) and production's
 * AWS settings.
 */
export function datastoresConfigData(baseUrl = 'https://github.com') {
  return {
    targets: {
      terraform: { repoUrl: `${baseUrl}/acme/infra-terraform` },
      gitops: { repoUrl: `${baseUrl}/acme/infra-gitops` },
    },
    environments: {
      production: {
        aws: {
          region: 'eu-west-1',
          dbSubnetGroupName: 'prod',
          vpcSecurityGroupIds: ['sg-0123456789abcdef0'],
        },
      },
    },
  };
}

/** {@link datastoresConfigData}, read as the module reads it. */
export const testDatastoresConfig = (baseUrl?: string) =>
  readDatastoresConfig(
    new ConfigReader({ datastores: datastoresConfigData(baseUrl) }),
  );
