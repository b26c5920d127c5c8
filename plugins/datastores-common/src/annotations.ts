/**
 * Annotations the datastores plugins write on each datastore's `Resource` entity and read back.
 * @public
 */
export const DATASTORE_ANNOTATIONS = {
  engine: 'datastores.io/engine',
  environment: 'datastores.io/environment',
  criticality: 'datastores.io/criticality',
  strategy: 'datastores.io/strategy',
  provider: 'datastores.io/provider',
  externalSecret: 'datastores.io/external-secret',
} as const;

/**
 * The standard Kubernetes plugin annotations, which the datastores plugins use to find a
 * service's objects in the clusters.
 * @public
 */
export const KUBERNETES_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  namespace: 'backstage.io/kubernetes-namespace',
} as const;

/**
 * The label carried by every Kubernetes object the product generates, so the Kubernetes
 * plugin finds it for the service.
 * @public
 */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';
