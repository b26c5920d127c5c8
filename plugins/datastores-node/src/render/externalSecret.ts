import {
  CONNECTION_KEYS,
  KUBERNETES_ID_LABEL,
} from '@datastores/plugin-datastores-common';
import { RenderContext } from './context';

/**
 * The `ExternalSecret` (`external-secrets.io/v1`) that syncs the Secrets Manager secret
 * Terraform writes into the Kubernetes Secret the service reads, with the same keys as
 * CloudNativePG's `<cluster>-app` secret.
 * @public
 */
export function externalSecretObject(ctx: RenderContext) {
  const labels = { [KUBERNETES_ID_LABEL]: ctx.request.kubernetesId };
  const { secretStoreRef, refreshInterval } = ctx.config.externalSecrets;
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {
      name: ctx.names.externalSecretName,
      namespace: ctx.namespace,
      labels: { ...labels },
    },
    spec: {
      refreshInterval,
      secretStoreRef: { kind: secretStoreRef.kind, name: secretStoreRef.name },
      target: {
        name: ctx.names.connectionSecretName,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        // The Secret carries the label too, so the Kubernetes plugin finds it.
        template: { metadata: { labels: { ...labels } } },
      },
      data: CONNECTION_KEYS.postgres.map(key => ({
        secretKey: key,
        remoteRef: { key: ctx.names.secretsManagerName, property: key },
      })),
    },
  };
}
