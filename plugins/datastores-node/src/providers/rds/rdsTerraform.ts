import {
  POSTGRES_DATABASE,
  POSTGRES_USER,
  RenderContext,
  RenderedFile,
  awsSettings,
} from '../../render/context';
import {
  HclItem,
  attr,
  blank,
  block,
  call,
  comment,
  ref,
} from '../../render/hcl';
import {
  awsProvider,
  connectionSecret,
  managedRetentionDays,
  output,
  rootModuleFiles,
} from '../../render/terraformCommon';

const PASSWORD = ref('ephemeral.random_password.master.result');
const DB = 'aws_db_instance.this';

/**
 * Deletion protection and the final snapshot. While decommissioning, protection is off so that
 * the removal can destroy the instance, and the destroy always takes the named final snapshot.
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
        )}): protection is off so that the removal can destroy the instance, which first takes the final snapshot ${finalSnapshot}.`,
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

function dbInstance(ctx: RenderContext): HclItem {
  const { postgres } = ctx.config.managed;
  const { backup } = ctx.decision;
  const aws = awsSettings(ctx);
  const storage = postgres.allocatedStorage[ctx.request.size];
  return block(
    'resource',
    ['aws_db_instance', 'this'],
    [
      ...attr('identifier', ctx.names.rdsIdentifier),
      ...attr('engine', 'postgres'),
      ...attr('engine_version', postgres.engineVersion),
      ...attr('instance_class', postgres.instanceClass[ctx.request.size]),
      blank,
      ...attr('allocated_storage', storage),
      ...attr('max_allocated_storage', storage * 5),
      ...attr('storage_type', 'gp3'),
      ...attr('storage_encrypted', true),
      ...attr('kms_key_id', aws.kmsKeyId),
      blank,
      ...attr('db_name', POSTGRES_DATABASE),
      ...attr('username', POSTGRES_USER),
      ...attr('password_wo', PASSWORD),
      ...attr('password_wo_version', 1),
      blank,
      ...attr('db_subnet_group_name', aws.dbSubnetGroupName),
      ...attr('vpc_security_group_ids', aws.vpcSecurityGroupIds),
      ...attr('publicly_accessible', false),
      ...attr('multi_az', backup.multiAz),
      blank,
      comment(
        'Automated backups give point-in-time recovery within the retention period.',
      ),
      ...attr('backup_retention_period', managedRetentionDays(ctx)),
      ...attr('copy_tags_to_snapshot', true),
      ...protection(ctx),
      ...attr('auto_minor_version_upgrade', true),
      ...(backup.deletionProtection && !ctx.decommission
        ? [blank, block('lifecycle', [], [...attr('prevent_destroy', true)])]
        : []),
    ],
  );
}

/**
 * Terraform for a Postgres on AWS RDS: one root module (versions.tf, main.tf, outputs.tf)
 * with the DB instance and the Secrets Manager secret holding its full connection. The
 * password is ephemeral and only written to write-only arguments, so it never reaches the
 * state.
 */
export function renderRdsTerraform(ctx: RenderContext): RenderedFile[] {
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
      'To rotate the password, bump password_wo_version: the connection secret follows.',
    ),
    dbInstance(ctx),
    ...connectionSecret(
      ctx,
      {
        host: ref(`${DB}.address`),
        port: call('tostring', ref(`${DB}.port`)),
        dbname: ref(`${DB}.db_name`),
        username: ref(`${DB}.username`),
        password: PASSWORD,
        uri: call(
          'format',
          'postgresql://%s:%s@%s:%d/%s',
          ref(`${DB}.username`),
          PASSWORD,
          ref(`${DB}.address`),
          ref(`${DB}.port`),
          ref(`${DB}.db_name`),
        ),
      },
      [ref(`${DB}.resource_id`), ref(`${DB}.password_wo_version`)],
    ),
  ];
  const outputs: HclItem[] = [
    output('address', ref(`${DB}.address`), 'Host name of the database.'),
    output('port', ref(`${DB}.port`), 'Port of the database.'),
  ];
  return rootModuleFiles(
    ctx,
    [{ name: 'random', source: 'hashicorp/random', version: '>= 3.7' }],
    main,
    outputs,
  );
}
