/*
 * One backend replica, as a process of its own: the real catalog, the Kubernetes backend and
 * the datastores plugin on the config given as JSON in DATASTORES_REPLICA_CONFIG. Started (and
 * killed) by replicas.test.ts; Backstage's default logger writes its log to stdout.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';

const config = JSON.parse(process.env.DATASTORES_REPLICA_CONFIG ?? '{}');

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => new ConfigReader(config),
  }),
);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('../../index'));
backend.start().then(
  () => process.stdout.write('REPLICA STARTED\n'),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
