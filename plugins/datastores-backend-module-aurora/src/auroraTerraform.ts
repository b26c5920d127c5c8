import {
  HclItem,
  POSTGRES_DATABASE,
  POSTGRES_USER,
  RenderContext,
  RenderedFile,
  attr,
  awsProvider,
  awsSettings,
  blank,
  block,
  call,
  comment,
  connectionSecret,
  managedRetentionDays,
  output,
  ref,
  rootModuleFiles,
} from '@datastores/plugin-datastores-node';
import { AuroraConfig } from './config';

const PASSWORD = ref('ephemeral.random_password.master.result');
const CLUSTER = 'aws_rds_cluster.this';

/**
 * Deletion protection and the final snapshot of the cluster. While decommissioning,
 * protection is off so that the removal can destroy it, and the destroy takes the named final
 * snapshot.
 */
function protection(ctx: RenderContext): HclItem[] {
  const { backup } = ctx.decision;
  const finalSnapshot = ctx.decommission?.finalSnapshot;
  if (finalSnapshot) {
    return [
      comment(
        `Decommissioning (requested ${ctx.decommission!.requestedAt.slice(
          0,
          10,
        )}): protection is off so that the removal can destroy the cluster, which first takes the final snapshot ${finalSnapshot}.`,
      ),
      ...attr('deletion_protection', false),
      ...attr('skip_final_snapshot', false),
      ...attr('final_snapshot_identifier', finalSnapshot),
    ];
  }
  return [
    ...attr('deletion_protection', backup.deletionProtection),
    ...attr('skip_final_snapshot', !backup.finalSnapshot),
    ...attr(
      'final_snapshot_identifier',
      backup.finalSnapshot ? `${ctx.names.rdsIdentifier}-final` : undefined,
    ),
  ];
}

function cluster(ctx: RenderContext, aurora: AuroraConfig): HclItem {
  const aws = awsSettings(ctx);
  const { backup } = ctx.decision;
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
      ...attr('master_password_wo', PASSWORD),
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
      ...protection(ctx),
      ...(backup.deletionProtection && !ctx.decommission
        ? [blank, block('lifecycle', [], [...attr('prevent_destroy', true)])]
        : []),
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
    comment(
      'Ephemeral: generated at apply time and never stored in the state.',
    ),
    block(
      'ephemeral',
      ['random_password', 'master'],
      [...attr('length', 40), ...attr('special', false)],
    ),
    comment(
      'To rotate the password, bump master_password_wo_version: the connection secret follows.',
    ),
    cluster(ctx, aurora),
    ...instances(ctx, aurora),
    ...connectionSecret(
      ctx,
      {
        host: endpoint,
        port: call('tostring', port),
        dbname: ref(`${CLUSTER}.database_name`),
        username: ref(`${CLUSTER}.master_username`),
        password: PASSWORD,
        uri: call(
          'format',
          'postgresql://%s:%s@%s:%d/%s',
          ref(`${CLUSTER}.master_username`),
          PASSWORD,
          endpoint,
          port,
          ref(`${CLUSTER}.database_name`),
        ),
      },
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
  return rootModuleFiles(
    ctx,
    [{ name: 'random', source: 'hashicorp/random', version: '>= 3.7' }],
    main,
    outputs,
  );
}
