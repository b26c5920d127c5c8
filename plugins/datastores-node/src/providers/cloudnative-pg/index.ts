import { InputError } from '@backstage/errors';
import {
  DecommissionStep,
  KUBERNETES_ID_LABEL,
  PROVIDER_FACTS,
} from '@datastores/plugin-datastores-common';
import {
  RenderContext,
  RenderedFile,
  targetFilePath,
} from '../../render/context';
import { toYaml } from '../../render/yaml';
import { readinessFromOperatorObject } from '../../status/readiness';
import { renderCrossplaneObject } from '../selfHosted';
import { backupFromCnpgCluster, secretSyncFromCnpgCluster } from './status';
import { DatastoreProvider } from '../types';

/**
 * CloudNativePG's on-demand `Backup` of the datastore's cluster, through the Barman Cloud
 * plugin the Composition configures. An on-demand Backup has no owner, so it and the data it
 * wrote stay when the cluster goes.
 */
function finalBackupObject(ctx: RenderContext, name: string) {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Backup',
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: { [KUBERNETES_ID_LABEL]: ctx.request.kubernetesId },
    },
    spec: {
      cluster: { name: ctx.names.kubernetesName },
      method: 'plugin',
      pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
    },
  };
}

function renderFinalBackup(
  ctx: RenderContext,
  step: DecommissionStep,
): RenderedFile[] {
  if (!step.backup) {
    throw new InputError(
      `The decommission of ${ctx.names.entityName} needs the name of its final Backup`,
    );
  }
  return [
    {
      target: 'gitops',
      path: targetFilePath(
        ctx,
        'gitops',
        `${ctx.names.kubernetesName}.final-backup.yaml`,
      ),
      content: toYaml([finalBackupObject(ctx, step.backup)]),
    },
  ];
}

/**
 * Postgres on CloudNativePG, through the Crossplane Composition; a decommission of backed-up
 * data first takes an on-demand `Backup`.
 */
export const cloudnativePgProvider: DatastoreProvider = {
  id: 'cloudnative-pg',
  facts: PROVIDER_FACTS['cloudnative-pg'],
  render: renderCrossplaneObject,
  renderSafeguard: renderFinalBackup,
  kubernetes: {
    type: {
      group: 'postgresql.cnpg.io',
      version: 'v1',
      plural: 'clusters',
      kind: 'Cluster',
    },
    // The Barman Cloud plugin's store: its recovery window and retention.
    related: [
      {
        group: 'barmancloud.cnpg.io',
        version: 'v1',
        plural: 'objectstores',
        kind: 'ObjectStore',
      },
    ],
    backup: ({ object, related, requirements, now }) =>
      backupFromCnpgCluster({
        cluster: object,
        objectStores: related,
        requirements,
        now,
      }),
    readiness: readinessFromOperatorObject,
    secretSync: secretSyncFromCnpgCluster,
  },
};
