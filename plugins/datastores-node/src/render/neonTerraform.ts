import {
  POSTGRES_DATABASE,
  POSTGRES_USER,
  RenderContext,
  awsSettings,
} from './context';
import { HclItem, attr, blank, block, comment, ref } from './hcl';
import { managedRetentionDays } from './rdsTerraform';
import {
  awsProvider,
  connectionSecret,
  output,
  rootModuleFiles,
} from './terraformCommon';

const PROJECT = 'neon_project.this';
const SECONDS_PER_DAY = 86400;

function project(ctx: RenderContext): HclItem {
  const { postgres } = ctx.config.managed;
  const { backup } = ctx.decision;
  return block(
    'resource',
    ['neon_project', 'this'],
    [
      ...attr('name', ctx.names.neonProjectName),
      ...attr('org_id', postgres.neon.orgId),
      ...attr(
        'region_id',
        postgres.neon.regionId ?? `aws-${awsSettings(ctx).region}`,
      ),
      ...attr('pg_version', Number.parseInt(postgres.engineVersion, 10)),
      comment(
        'The restore window: point-in-time recovery to any moment within it.',
      ),
      ...attr(
        'history_retention_seconds',
        managedRetentionDays(ctx) * SECONDS_PER_DAY,
      ),
      ...attr('branch', {
        name: 'main',
        database_name: POSTGRES_DATABASE,
        role_name: POSTGRES_USER,
      }),
      ...(backup.deletionProtection
        ? [
            blank,
            comment(
              'Neon has no deletion protection of its own: Terraform refuses to destroy it.',
            ),
            block('lifecycle', [], [...attr('prevent_destroy', true)]),
          ]
        : []),
    ],
  );
}

/**
 * Terraform for a Postgres on Neon (provider `neondatabase/neon`): a project whose history
 * retention is the restore window, and the Secrets Manager secret holding its full connection.
 * @public
 */
export function renderNeonTerraform(
  ctx: RenderContext,
): Array<{ file: string; content: string }> {
  const main: HclItem[] = [
    awsProvider(ctx),
    comment('Reads NEON_API_KEY from the environment.'),
    block('provider', ['neon'], []),
    project(ctx),
    // The Neon provider keeps the role password in its own state, so the secret can follow it.
    ...connectionSecret(
      ctx,
      {
        host: ref(`${PROJECT}.database_host`),
        port: '5432',
        dbname: ref(`${PROJECT}.database_name`),
        username: ref(`${PROJECT}.database_user`),
        password: ref(`${PROJECT}.database_password`),
        uri: ref(`${PROJECT}.connection_uri`),
      },
      false,
    ),
  ];
  const outputs: HclItem[] = [
    output('project_id', ref(`${PROJECT}.id`), 'Neon project id.'),
    output('host', ref(`${PROJECT}.database_host`), 'Host of the database.'),
  ];
  return rootModuleFiles(
    ctx,
    [{ name: 'neon', source: 'neondatabase/neon', version: '>= 0.9' }],
    main,
    outputs,
  );
}
