import { InputError } from '@backstage/errors';
import { KUBERNETES_ID_LABEL } from '@datastores/plugin-datastores-common';
import { RenderContext } from './context';

/**
 * The backups of a self-hosted datastore, engine-neutral: the Composition maps them to a
 * CloudNativePG `ScheduledBackup` (and WAL archiving when `pitr`), or to Dragonfly snapshots.
 * @public
 */
export type SelfHostedBackup =
  | { enabled: false }
  | { enabled: true; schedule: string; retentionDays: number; pitr: boolean };

/** @public */
export function selfHostedBackup(ctx: RenderContext): SelfHostedBackup {
  const { backup } = ctx.decision;
  if (backup.mode !== 'continuous' && backup.mode !== 'scheduled') {
    return { enabled: false };
  }
  return {
    enabled: true,
    schedule: ctx.config.crossplane.backupSchedule,
    retentionDays: Math.max(
      ctx.config.crossplane.backupRetentionDays,
      backup.minRetentionDays,
    ),
    pitr: backup.pitr,
  };
}

/**
 * The Crossplane object of a self-hosted datastore: a v2 namespaced XR (`shape: xr`) or a v1
 * claim (`shape: claim`) of the configured kind, in the service's namespace. Its spec is what
 * the XRDs in `examples/infra/gitops` accept.
 * @public
 */
export function crossplaneObject(ctx: RenderContext) {
  const { decision, config, names, request } = ctx;
  if (decision.strategy !== 'self-hosted') {
    throw new InputError(
      `A ${decision.strategy} datastore has no Crossplane resource`,
    );
  }
  const type =
    decision.kind === 'database'
      ? config.crossplane.postgres
      : config.crossplane.cache;
  return {
    apiVersion: type.apiVersion,
    kind: type.kind,
    metadata: {
      name: names.kubernetesName,
      namespace: ctx.namespace,
      labels: { [KUBERNETES_ID_LABEL]: request.kubernetesId },
    },
    spec: {
      service: request.kubernetesId,
      environment: decision.environment,
      criticality: decision.criticality,
      engine: decision.engine,
      size: request.size,
      connectionSecretName: names.connectionSecretName,
      backup: selfHostedBackup(ctx),
    },
  };
}
