import {
  POSTGRES_DATABASE,
  POSTGRES_PORT,
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

const PROJECT = 'neon_project.this';
const ROLE = 'neon_role.app';
const DATABASE = 'neon_database.app';
const SECONDS_PER_DAY = 86400;

/** Project, branch: what every Neon role, database and ephemeral read is scoped to. */
const onDefaultBranch = () => [
  ...attr('project_id', ref(`${PROJECT}.id`)),
  ...attr('branch_id', ref(`${PROJECT}.default_branch_id`)),
];

/**
 * What keeps the project from being destroyed, or, while decommissioning, that nothing does
 * any more and when the removal may come.
 */
function protection(ctx: RenderContext): HclItem[] {
  const { backup } = ctx.decision;
  if (ctx.decommission) {
    return [
      blank,
      comment(
        `Decommissioning (requested ${ctx.decommission.requestedAt.slice(
          0,
          10,
        )}): protection is off; the removal is not opened before ${
          ctx.decommission.notBefore?.slice(0, 10) ?? 'the delay ends'
        }, and until then the project and its history stay.`,
      ),
      ...(backup.deletionProtection
        ? attr('default_branch_protected', false)
        : []),
    ];
  }
  if (!backup.deletionProtection) return [];
  return [
    blank,
    comment(
      'A protected default branch cannot be deleted, and Terraform refuses to destroy the project.',
    ),
    ...attr('default_branch_protected', true),
    block('lifecycle', [], [...attr('prevent_destroy', true)]),
  ];
}

function project(ctx: RenderContext): HclItem {
  const { postgres } = ctx.config.managed;
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
      ...protection(ctx),
    ],
  );
}

/**
 * Terraform for a Postgres on Neon (the official provider `neondatabase/neon`): a project whose
 * history retention is the restore window, the service's own role and database on its default
 * branch, and the Secrets Manager secret holding the full connection. The role's password and
 * the connection URI come from ephemeral resources and go only into the write-only secret, so
 * they never reach the state.
 */
export function renderNeonTerraform(ctx: RenderContext): RenderedFile[] {
  const uri = ref('ephemeral.neon_connection_uri.app.uri');
  const main: HclItem[] = [
    awsProvider(ctx),
    comment('Reads NEON_API_KEY from the environment.'),
    block('provider', ['neon'], []),
    project(ctx),
    block(
      'resource',
      ['neon_role', 'app'],
      [...onDefaultBranch(), ...attr('name', POSTGRES_USER)],
    ),
    block(
      'resource',
      ['neon_database', 'app'],
      [
        ...onDefaultBranch(),
        ...attr('name', POSTGRES_DATABASE),
        ...attr('owner_name', ref(`${ROLE}.name`)),
      ],
    ),
    comment('Ephemeral: read at apply time and never stored in the state.'),
    block(
      'ephemeral',
      ['neon_role', 'app'],
      [...onDefaultBranch(), ...attr('name', ref(`${ROLE}.name`))],
    ),
    block(
      'ephemeral',
      ['neon_connection_uri', 'app'],
      [
        ...onDefaultBranch(),
        ...attr('role', ref(`${ROLE}.name`)),
        ...attr('database', ref(`${DATABASE}.name`)),
      ],
    ),
    ...connectionSecret(
      ctx,
      {
        host: call('element', call('regex', '@([^/:?]+)', uri), 0),
        port: String(POSTGRES_PORT),
        dbname: ref(`${DATABASE}.name`),
        username: ref(`${ROLE}.name`),
        password: ref('ephemeral.neon_role.app.password'),
        uri,
      },
      [ref(`${PROJECT}.id`), ref(`${ROLE}.id`), ref(`${DATABASE}.id`)],
    ),
  ];
  const outputs: HclItem[] = [
    output('project_id', ref(`${PROJECT}.id`), 'Neon project id.'),
    output(
      'branch_id',
      ref(`${PROJECT}.default_branch_id`),
      'Branch of the database.',
    ),
  ];
  return rootModuleFiles(
    ctx,
    [{ name: 'neon', source: 'neondatabase/neon', version: '>= 0.19.0' }],
    main,
    outputs,
  );
}
