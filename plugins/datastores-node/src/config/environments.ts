import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ENVIRONMENTS,
  Environment,
} from '@datastores/plugin-datastores-common';
import {
  AWS_REGION,
  DNS_LABEL,
  KMS_KEY_ARN,
  PLACEHOLDER_TEMPLATE,
  PLAIN,
  SECURITY_GROUP,
  pattern,
} from './checks';
import { AwsEnvironmentConfig, DatastoresConfig } from './types';

export function readAws(config: Config, at: string): AwsEnvironmentConfig {
  const ids = config.getStringArray('vpcSecurityGroupIds');
  ids.forEach((id, index) => {
    if (!SECURITY_GROUP.test(id)) {
      throw new InputError(
        `${at}.vpcSecurityGroupIds[${index}] must be a security group id like sg-0123abcd; got ${JSON.stringify(
          id,
        )}`,
      );
    }
  });
  if (ids.length === 0) {
    throw new InputError(`${at}.vpcSecurityGroupIds must not be empty`);
  }
  const kmsKeyId = config.getOptionalString('kmsKeyId');
  return {
    region: pattern(config, 'region', at, AWS_REGION, 'an AWS region'),
    dbSubnetGroupName: pattern(
      config,
      'dbSubnetGroupName',
      at,
      PLAIN,
      'a DB subnet group name',
    ),
    vpcSecurityGroupIds: ids,
    ...(kmsKeyId !== undefined && {
      kmsKeyId: pattern(
        config,
        'kmsKeyId',
        at,
        KMS_KEY_ARN,
        'a KMS key ARN (RDS needs the ARN)',
      ),
    }),
  };
}

export function readEnvironments(
  config: Config | undefined,
): DatastoresConfig['environments'] {
  const environments: DatastoresConfig['environments'] = {};
  for (const key of config?.keys() ?? []) {
    const at = `datastores.environments.${key}`;
    if (!(ENVIRONMENTS as readonly string[]).includes(key)) {
      throw new InputError(
        `${at} is not an environment; allowed: ${ENVIRONMENTS.join(', ')}`,
      );
    }
    const env = config!.getConfig(key);
    const namespace = env.getOptionalString('namespace');
    if (namespace !== undefined && !PLACEHOLDER_TEMPLATE.test(namespace)) {
      throw new InputError(
        `${at}.namespace must be a Kubernetes namespace, which may use {namespace} and {service}; got ${JSON.stringify(
          namespace,
        )}`,
      );
    }
    const aws = env.getOptionalConfig('aws');
    environments[key as Environment] = {
      ...(namespace !== undefined && { namespace }),
      ...(aws && { aws: readAws(aws, `${at}.aws`) }),
    };
  }
  return environments;
}

/**
 * The Kubernetes namespace of a datastore's objects in an environment: the environment's
 * configured namespace (which may use `{namespace}` and `{service}`), else the service's.
 * @public
 */
export function environmentNamespace(
  config: DatastoresConfig,
  environment: Environment,
  request: { namespace: string; service: { name: string } },
): string {
  const template = config.environments[environment]?.namespace;
  if (template === undefined) return request.namespace;
  const namespace = template
    .replace(/\{namespace\}/g, request.namespace)
    .replace(/\{service\}/g, request.service.name);
  if (!DNS_LABEL.test(namespace)) {
    throw new InputError(
      `datastores.environments.${environment}.namespace gives ${JSON.stringify(
        namespace,
      )}, which is not a Kubernetes namespace (DNS-1123 label)`,
    );
  }
  return namespace;
}
