import {
  HclExpression,
  HclItem,
  HclValue,
  attr,
  blank,
  block,
  call,
  comment,
  ref,
  renderHcl,
} from './hcl';
import {
  RenderContext,
  RenderedFile,
  awsSettings,
  targetFilePath,
} from './context';

/** A provider a Terraform root module requires. @public */
export interface RequiredProvider {
  name: string;
  source: string;
  version: string;
}

/**
 * Write-only arguments keep the password out of the state: Terraform 1.11, but 1.11.0 fails on
 * an ephemeral value in a write-only argument (hashicorp/terraform#36603).
 * @public
 */
export const TERRAFORM_VERSION = '>= 1.11.1';
/** @public */
export const AWS_PROVIDER: RequiredProvider = {
  name: 'aws',
  source: 'hashicorp/aws',
  version: '>= 6.0',
};

/** `versions.tf`: Terraform and provider versions, and the S3 backend of this root module. @public */
export function versionsFile(
  ctx: RenderContext,
  providers: RequiredProvider[],
): HclItem[] {
  const stateKey = targetFilePath(ctx, 'terraform', 'terraform.tfstate');
  return [
    block(
      'terraform',
      [],
      [
        ...attr('required_version', TERRAFORM_VERSION),
        blank,
        block(
          'required_providers',
          [],
          providers.flatMap(p =>
            attr(p.name, { source: p.source, version: p.version }),
          ),
        ),
        blank,
        comment('bucket and region come from -backend-config in CI.'),
        block(
          'backend',
          ['s3'],
          [
            ...attr('key', stateKey),
            ...attr('use_lockfile', true),
            ...attr('encrypt', true),
          ],
        ),
      ],
    ),
  ];
}

/** The tags of every AWS resource: who owns it, and its catalog entity. @public */
export function awsTags(ctx: RenderContext): Record<string, string> {
  return {
    Service: ctx.request.service.name,
    Environment: ctx.decision.environment,
    ManagedBy: 'backstage-datastores',
    'backstage.io/component': ctx.componentRef,
    'backstage.io/resource': ctx.resourceRef,
    'datastores.io/criticality': ctx.decision.criticality,
  };
}

/** The AWS provider of the environment's region, tagging every resource. @public */
export function awsProvider(ctx: RenderContext): HclItem {
  return block(
    'provider',
    ['aws'],
    [
      ...attr('region', awsSettings(ctx).region),
      blank,
      block('default_tags', [], [...attr('tags', awsTags(ctx))]),
    ],
  );
}

/**
 * The Secrets Manager secret with the full connection, under its fixed derived name, which
 * the ExternalSecret in the GitOps repo reads. The value is write-only (never in the state),
 * so Terraform sends it only when the version resource is created: `replacedWith` lists what
 * must write a new version when it changes (a replaced database's new host and password, a
 * rotated password). `connection` holds the keys of `CONNECTION_KEYS.postgres`.
 * @public
 */
export function connectionSecret(
  ctx: RenderContext,
  connection: Record<string, HclValue>,
  replacedWith: HclExpression[],
): HclItem[] {
  const aws = awsSettings(ctx);
  return [
    comment(
      'The full connection, read by the ExternalSecret in the GitOps repo.',
    ),
    block(
      'resource',
      ['aws_secretsmanager_secret', 'connection'],
      [
        ...attr('name', ctx.names.secretsManagerName),
        ...attr(
          'description',
          `Connection to ${ctx.names.entityName} (${ctx.resourceRef}), synced into Kubernetes by External Secrets Operator`,
        ),
        ...attr('kms_key_id', aws.kmsKeyId),
      ],
    ),
    block(
      'resource',
      ['aws_secretsmanager_secret_version', 'connection'],
      [
        ...attr('secret_id', ref('aws_secretsmanager_secret.connection.id')),
        ...attr('secret_string_wo', call('jsonencode', connection)),
        ...attr('secret_string_wo_version', 1),
        blank,
        comment(
          'A write-only value is sent on create only: a new database or password makes a new version.',
        ),
        block(
          'lifecycle',
          [],
          [
            ...attr('create_before_destroy', true),
            ...attr('replace_triggered_by', replacedWith),
          ],
        ),
      ],
    ),
  ];
}

/** An output of a root module. @public */
export function output(
  name: string,
  value: HclValue,
  description: string,
): HclItem {
  return block(
    'output',
    [name],
    [...attr('description', description), ...attr('value', value)],
  );
}

/** The retention of a managed datastore: the configured one, never below the requirement. @public */
export function managedRetentionDays(ctx: RenderContext): number {
  return Math.max(
    ctx.config.managed.postgres.backupRetentionDays,
    ctx.decision.backup.minRetentionDays,
  );
}

/**
 * The files of a managed datastore's root module, under the configured terraform path:
 * providers and backend, the resources, and the outputs, ending with the ARN of the connection
 * secret every module writes (see {@link connectionSecret}).
 * @public
 */
export function rootModuleFiles(
  ctx: RenderContext,
  providers: RequiredProvider[],
  main: HclItem[],
  outputs: HclItem[],
): RenderedFile[] {
  const files = [
    {
      file: 'versions.tf',
      content: renderHcl(versionsFile(ctx, [AWS_PROVIDER, ...providers])),
    },
    { file: 'main.tf', content: renderHcl(main) },
    {
      file: 'outputs.tf',
      content: renderHcl([
        ...outputs,
        output(
          'connection_secret_arn',
          ref('aws_secretsmanager_secret.connection.arn'),
          'Secrets Manager secret with the full connection.',
        ),
      ]),
    },
  ];
  return files.map(({ file, content }) => ({
    target: 'terraform',
    path: targetFilePath(ctx, 'terraform', file),
    content,
  }));
}
