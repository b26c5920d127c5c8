import {
  POSTGRES_DATABASE,
  POSTGRES_USER,
  RenderContext,
  RenderedFile,
  awsSettings,
} from '../../render/context';
import {
  MASTER_PASSWORD,
  RANDOM_PROVIDER,
  deletionSafeguards,
  masterPassword,
  postgresConnection,
  preventDestroy,
} from '../../render/awsPostgres';
import { HclItem, attr, blank, block, comment, ref } from '../../render/hcl';
import {
  awsProvider,
  connectionSecret,
  managedRetentionDays,
  output,
  rootModuleFiles,
} from '../../render/terraformCommon';

const DB = 'aws_db_instance.this';

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
      ...attr('password_wo', MASTER_PASSWORD),
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
      ...deletionSafeguards(ctx, 'instance'),
      ...attr('auto_minor_version_upgrade', true),
      ...preventDestroy(ctx),
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
    ...masterPassword('password_wo_version'),
    dbInstance(ctx),
    ...connectionSecret(
      ctx,
      postgresConnection({
        host: ref(`${DB}.address`),
        port: ref(`${DB}.port`),
        dbname: ref(`${DB}.db_name`),
        username: ref(`${DB}.username`),
      }),
      [ref(`${DB}.resource_id`), ref(`${DB}.password_wo_version`)],
    ),
  ];
  const outputs: HclItem[] = [
    output('address', ref(`${DB}.address`), 'Host name of the database.'),
    output('port', ref(`${DB}.port`), 'Port of the database.'),
  ];
  return rootModuleFiles(ctx, [RANDOM_PROVIDER], main, outputs);
}
