import {
  HclItem,
  MASTER_PASSWORD,
  POSTGRES_DATABASE,
  POSTGRES_USER,
  RenderContext,
  RenderedFile,
  RANDOM_PROVIDER,
  attr,
  awsProvider,
  awsSettings,
  blank,
  block,
  comment,
  connectionSecret,
  deletionSafeguards,
  managedRetentionDays,
  masterPassword,
  output,
  postgresConnection,
  preventDestroy,
  ref,
  rootModuleFiles,
} from '@datastores/plugin-datastores-node';
import { AuroraConfig } from './config';

const CLUSTER = 'aws_rds_cluster.this';

function cluster(ctx: RenderContext, aurora: AuroraConfig): HclItem {
  const aws = awsSettings(ctx);
  return block(
    'resource',
    ['aws_rds_cluster', 'this'],
    [
      ...attr('cluster_identifier', ctx.names.rdsIdentifier),
      ...attr('engine', 'aurora-postgresql'),
      ...attr('engine_version', aurora.engineVersion),
      blank,
      ...attr('database_name', POSTGRES_DATABASE),
      ...attr('master_username', POSTGRES_USER),
      ...attr('master_password_wo', MASTER_PASSWORD),
      ...attr('master_password_wo_version', 1),
      blank,
      ...attr('storage_encrypted', true),
      ...attr('kms_key_id', aws.kmsKeyId),
      ...attr('db_subnet_group_name', aws.dbSubnetGroupName),
      ...attr('vpc_security_group_ids', aws.vpcSecurityGroupIds),
      blank,
      comment(
        'Aurora backs up continuously: point-in-time recovery within the retention period.',
      ),
      ...attr('backup_retention_period', managedRetentionDays(ctx)),
      ...attr('copy_tags_to_snapshot', true),
      ...deletionSafeguards(ctx, 'cluster'),
      ...preventDestroy(ctx),
    ],
  );
}

/** An instance identifier of at most 63 characters, like the cluster's. */
function instanceIdentifier(ctx: RenderContext, n: number): string {
  return `${ctx.names.rdsIdentifier.slice(0, 60).replace(/-+$/, '')}-${n}`;
}

/** The writer, and a reader in another availability zone when the data needs Multi-AZ. */
function instances(ctx: RenderContext, aurora: AuroraConfig): HclItem[] {
  const aws = awsSettings(ctx);
  const names = ctx.decision.backup.multiAz ? ['writer', 'reader'] : ['writer'];
  return names.map((name, i) =>
    block(
      'resource',
      ['aws_rds_cluster_instance', name],
      [
        ...attr('identifier', instanceIdentifier(ctx, i + 1)),
        ...attr('cluster_identifier', ref(`${CLUSTER}.id`)),
        ...attr('engine', ref(`${CLUSTER}.engine`)),
        ...attr('engine_version', ref(`${CLUSTER}.engine_version`)),
        ...attr('instance_class', aurora.instanceClass[ctx.request.size]),
        ...attr('db_subnet_group_name', aws.dbSubnetGroupName),
        ...attr('publicly_accessible', false),
        ...attr('auto_minor_version_upgrade', true),
      ],
    ),
  );
}

/**
 * Terraform for a Postgres on Amazon Aurora: one root module with the cluster, its instances
 * and the Secrets Manager secret of its full connection, which the product's `ExternalSecret`
 * syncs. The password is ephemeral and only written to write-only arguments, so it never
 * reaches the state.
 * @public
 */
export function renderAuroraTerraform(
  ctx: RenderContext,
  aurora: AuroraConfig,
): RenderedFile[] {
  const endpoint = ref(`${CLUSTER}.endpoint`);
  const port = ref(`${CLUSTER}.port`);
  const main: HclItem[] = [
    awsProvider(ctx),
    ...masterPassword('master_password_wo_version'),
    cluster(ctx, aurora),
    ...instances(ctx, aurora),
    ...connectionSecret(
      ctx,
      postgresConnection({
        host: endpoint,
        port,
        dbname: ref(`${CLUSTER}.database_name`),
        username: ref(`${CLUSTER}.master_username`),
      }),
      [
        ref(`${CLUSTER}.cluster_resource_id`),
        ref(`${CLUSTER}.master_password_wo_version`),
      ],
    ),
  ];
  const outputs: HclItem[] = [
    output('endpoint', endpoint, 'Host name of the writer.'),
    output(
      'reader_endpoint',
      ref(`${CLUSTER}.reader_endpoint`),
      'Host name of the readers.',
    ),
    output('port', port, 'Port of the database.'),
  ];
  return rootModuleFiles(ctx, [RANDOM_PROVIDER], main, outputs);
}
