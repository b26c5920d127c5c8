import { RenderContext } from './context';
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
} from './hcl';
import { RequiredProvider } from './terraformCommon';

/**
 * The pieces every Postgres that AWS runs from a Terraform module shares (RDS, and a provider
 * module's Aurora): its ephemeral master password, its connection, and what protects it from
 * deletion.
 */

/** The master password: ephemeral, so only write-only arguments ever see it. @public */
export const MASTER_PASSWORD = ref('ephemeral.random_password.master.result');

/** The `random` provider the master password comes from. @public */
export const RANDOM_PROVIDER: RequiredProvider = {
  name: 'random',
  source: 'hashicorp/random',
  version: '>= 3.7',
};

/**
 * The ephemeral `random_password` of {@link MASTER_PASSWORD}, and how to rotate it (the
 * write-only argument's version, e.g. `password_wo_version`).
 * @public
 */
export function masterPassword(versionArgument: string): HclItem[] {
  return [
    comment(
      'Ephemeral: generated at apply time and never stored in the state.',
    ),
    block(
      'ephemeral',
      ['random_password', 'master'],
      [...attr('length', 40), ...attr('special', false)],
    ),
    comment(
      `To rotate the password, bump ${versionArgument}: the connection secret follows.`,
    ),
  ];
}

/**
 * The connection a Postgres's secret holds (see `connectionSecret`), with the master password
 * and the URI built from the rest.
 * @public
 */
export function postgresConnection(at: {
  host: HclExpression;
  port: HclExpression;
  dbname: HclExpression;
  username: HclExpression;
}): Record<string, HclValue> {
  return {
    host: at.host,
    port: call('tostring', at.port),
    dbname: at.dbname,
    username: at.username,
    password: MASTER_PASSWORD,
    uri: call(
      'format',
      'postgresql://%s:%s@%s:%d/%s',
      at.username,
      MASTER_PASSWORD,
      at.host,
      at.port,
      at.dbname,
    ),
  };
}

/**
 * Deletion protection and the final snapshot of an RDS instance or an Aurora cluster (`what`).
 * While decommissioning, protection is off so that the removal can destroy it, and the destroy
 * always takes the named final snapshot.
 * @public
 */
export function deletionSafeguards(
  ctx: RenderContext,
  what: string,
): HclItem[] {
  const { backup } = ctx.decision;
  const finalSnapshot = ctx.decommission?.finalSnapshot;
  if (finalSnapshot) {
    return [
      comment(
        `Decommissioning (requested ${ctx.decommission!.requestedAt.slice(
          0,
          10,
        )}): protection is off so that the removal can destroy the ${what}, which first takes the final snapshot ${finalSnapshot}.`,
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

/** `prevent_destroy`, for data under deletion protection that is not being decommissioned. @public */
export function preventDestroy(ctx: RenderContext): HclItem[] {
  return ctx.decision.backup.deletionProtection && !ctx.decommission
    ? [blank, block('lifecycle', [], [...attr('prevent_destroy', true)])]
    : [];
}
