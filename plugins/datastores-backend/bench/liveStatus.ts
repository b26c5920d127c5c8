/*
 * Benchmark (issue 7): the live status endpoint of a service with 20 datastores, against the
 * Kubernetes backend's own custom-resource query for the same entity and the catalog's
 * `entities/by-name`, all three in the same run and the same backend process, so the ratios
 * hold on a noisy machine. Also counts the upstream calls of one cold call.
 *
 *   yarn workspace @datastores/plugin-datastores-backend bench:live
 *
 * One backend in-process (`createBackend`): the real catalog (a file location), the real
 * Kubernetes backend against the Kubernetes stand-in of `@datastores/test-servers`, this
 * plugin, SQLite in memory, authenticated by a static external-access token.
 *
 * Env: BENCH_DURATION_S (default 10), BENCH_CONNECTIONS (default 10).
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { deriveNames } from '@datastores/plugin-datastores-common';
import {
  KubernetesObject,
  startKubernetesServer,
} from '@datastores/test-servers';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveStatusReader } from '../src/live/LiveStatusReader';
import {
  cnpgCluster,
  composite,
  datastoreResource,
  dragonfly,
  externalSecret,
  kubernetesConfig,
  serviceComponent,
} from '../src/live/__testUtils__/fixtures';

const DURATION = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SERVICE = 'payments';
const ENTITY_REF = `component:default/${SERVICE}`;
const TOKEN = randomBytes(24).toString('hex');

type Declared = Parameters<typeof datastoreResource>[2] & {
  environment: 'production' | 'staging';
};

/** 20 datastores: 8 managed RDS, 8 CloudNativePG with their XR, 4 Dragonfly. */
function datastores(): { name: string; d: Declared }[] {
  const out: { name: string; d: Declared }[] = [];
  for (let i = 0; i < 8; i++) {
    out.push({
      name: `managed${i}`,
      d: {
        engine: 'postgres',
        environment: 'production',
        criticality: 'catastrophic',
        strategy: 'managed',
        provider: 'rds',
      },
    });
  }
  for (let i = 0; i < 8; i++) {
    out.push({
      name: `cnpg${i}`,
      d: {
        engine: 'postgres',
        environment: 'staging',
        criticality: 'reconstructable',
        strategy: 'self-hosted',
        provider: 'cloudnative-pg',
      },
    });
  }
  for (let i = 0; i < 4; i++) {
    out.push({
      name: `cache${i}`,
      d: {
        engine: 'dragonfly',
        environment: 'production',
        criticality: 'reconstructable',
        strategy: 'self-hosted',
        provider: 'dragonfly',
      },
    });
  }
  return out;
}

function kubernetesObjects(): KubernetesObject[] {
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: {
        name: 'aws-secrets-manager',
        labels: { 'backstage.io/kubernetes-id': SERVICE },
      },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    },
  ];
  for (const { name, d } of datastores()) {
    const names = deriveNames({
      service: SERVICE,
      name,
      environment: d.environment,
    });
    if (d.strategy === 'managed') {
      objects.push(
        externalSecret(SERVICE, names.externalSecretName, {
          status: 'True',
          reason: 'SecretSynced',
        }),
      );
    } else if (d.engine === 'postgres') {
      objects.push(cnpgCluster(SERVICE, names.kubernetesName));
      objects.push(
        composite(SERVICE, 'PostgresInstance', names.kubernetesName),
      );
    } else {
      objects.push(dragonfly(SERVICE, names.kubernetesName));
      objects.push(composite(SERVICE, 'CacheInstance', names.kubernetesName));
    }
  }
  return objects;
}

/** The catalog file: the Component and its 20 Resources, without computed relations. */
function catalogEntities(): Entity[] {
  const resources = datastores().map(({ name, d }) =>
    datastoreResource(SERVICE, name, d),
  );
  return [serviceComponent(SERVICE, resources), ...resources].map(
    ({ relations: _relations, ...entity }) => entity,
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

interface Run {
  label: string;
  rps: number;
  p50: number;
  p95: number;
  p97_5: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Upstream calls per request during the run. */
  upstream: string;
}

type Upstream = () => {
  kubernetesQuery: number;
  lists: number;
  catalog: number;
};

async function load(
  label: string,
  upstream: { reset(): void; read: Upstream },
  opts: { url: string; method?: 'GET' | 'POST'; body?: string },
): Promise<Run> {
  upstream.reset();
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        method: opts.method ?? 'GET',
        body: opts.body,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(opts.body ? { 'content-type': 'application/json' } : {}),
        },
        connections: CONNECTIONS,
        duration: DURATION,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    // autocannon emits (client, statusCode, bytes, responseTimeMs): its typings omit the client.
    instance.on('response', ((...args: unknown[]) => {
      latencies.push(args[3] as number);
    }) as any);
  });
  latencies.sort((a, b) => a - b);
  const u = upstream.read();
  const per = (n: number) =>
    (n / Math.max(1, result.requests.total)).toFixed(2);
  return {
    upstream: `${per(u.kubernetesQuery)} / ${per(u.lists)} / ${per(u.catalog)}`,
    label,
    rps: result.requests.average,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p97_5: result.latency.p97_5,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main() {
  const k8s = await startKubernetesServer({
    tokens: ['t'],
    objects: kubernetesObjects(),
  });
  const dir = await mkdtemp(join(tmpdir(), 'datastores-bench-'));
  const catalogFile = join(dir, 'catalog.yaml');
  await writeFile(
    catalogFile,
    catalogEntities()
      .map(e => JSON.stringify(e))
      .join('\n---\n'),
  );

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = {
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token: TOKEN, subject: 'bench' } },
        ],
      },
    },
    catalog: {
      rules: [{ allow: ['Component', 'Resource', 'Location'] }],
      locations: [{ type: 'file', target: catalogFile }],
      processingInterval: { seconds: 5 },
    },
    kubernetes: kubernetesConfig(k8s.url),
    datastores: {
      refresh: {
        schedule: {
          frequency: { hours: 1 },
          timeout: { minutes: 3 },
          initialDelay: { hours: 1 },
        },
      },
    },
  };

  // Counts the calls every plugin makes to the Kubernetes and catalog backends (in-process
  // plugins call each other over HTTP, through this same router).
  const routed = { kubernetesQuery: 0, catalog: 0 };
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(config),
    }),
  );
  backend.add(
    rootHttpRouterServiceFactory({
      configure: ({ app, applyDefaults }) => {
        app.use((req, _res, next) => {
          if (
            req.method === 'POST' &&
            req.path === '/api/kubernetes/resources/custom/query'
          ) {
            routed.kubernetesQuery++;
          } else if (req.path.startsWith('/api/catalog/')) {
            routed.catalog++;
          }
          next();
        });
        applyDefaults();
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  backend.add(import('../src'));

  let failed = false;
  try {
    await backend.start();
    const headers = { authorization: `Bearer ${TOKEN}` };

    // Wait for the catalog to have the component with its 20 datastores.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/component/default/${SERVICE}`,
        { headers },
      );
      if (res.ok) {
        const entity = (await res.json()) as Entity;
        const dependsOn = (entity.relations ?? []).filter(
          r => r.type === 'dependsOn',
        );
        if (dependsOn.length === 20) break;
      }
      if (Date.now() > deadline) {
        throw new Error('the catalog did not stitch the component in 120 s');
      }
      await sleep(250);
    }

    // One cold call: count what it costs upstream.
    const statusUrl = `${baseUrl}/api/datastores/v1/entities/component/default/${SERVICE}/datastores`;
    k8s.resetCalls();
    routed.kubernetesQuery = 0;
    routed.catalog = 0;
    const coldStarted = performance.now();
    const cold = await fetch(statusUrl, { headers });
    const coldMs = performance.now() - coldStarted;
    const coldBody = (await cold.json()) as {
      datastores: { name: string; secretSync: { status: string } }[];
      errors: { message: string }[];
    };
    const coldCounts = {
      kubernetesQuery: routed.kubernetesQuery,
      kubernetesLists: k8s.calls.length,
      catalog: routed.catalog,
    };
    if (!cold.ok || coldBody.datastores.length !== 20) {
      throw new Error(
        `cold call: ${cold.status}, ${coldBody.datastores?.length} datastores`,
      );
    }
    if (coldBody.errors.length) {
      throw new Error(
        `cold call errors: ${coldBody.errors.map(e => e.message).join('; ')}`,
      );
    }

    // The body the datastores backend sends for this entity.
    const reader = LiveStatusReader.fromConfig(new ConfigReader(config), {
      cache: undefined as any,
      permissions: undefined as any,
      logger: undefined as any,
    });
    const queryBody = JSON.stringify({
      entityRef: ENTITY_REF,
      // The reader's own (private) list, so the body is exactly what the plugin sends.
      // eslint-disable-next-line dot-notation
      customResources: reader['customResources'],
    });

    const upstream = {
      reset() {
        k8s.resetCalls();
        routed.kubernetesQuery = 0;
        routed.catalog = 0;
      },
      read: () => ({
        kubernetesQuery: routed.kubernetesQuery,
        lists: k8s.calls.length,
        catalog: routed.catalog,
      }),
    };
    const status = await load('datastores status (warm)', upstream, {
      url: statusUrl,
    });
    const query = await load('kubernetes custom-resource query', upstream, {
      url: `${baseUrl}/api/kubernetes/resources/custom/query`,
      method: 'POST',
      body: queryBody,
    });
    const byName = await load('catalog entities/by-name', upstream, {
      url: `${baseUrl}/api/catalog/entities/by-name/component/default/${SERVICE}`,
    });
    const runs = [status, query, byName];

    const ms = (v: number) => v.toFixed(1);
    const lines = [
      `${CONNECTIONS} connections, ${DURATION} s each, one backend process; ${SERVICE} has 20 datastores, ${
        coldCounts.kubernetesLists / Math.max(1, coldCounts.kubernetesQuery)
      } custom-resource types per query. Upstream calls are counted at the backend's router and the cluster stand-in (a row's own requests count too).`,
      '',
      '| endpoint | req/s | p50 ms | p95 ms | p97.5 ms (autocannon) | requests | non-2xx / errors | per request: k8s queries / cluster lists / catalog calls |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map(
        r =>
          `| ${r.label} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(
            r.p95,
          )} | ${ms(r.p97_5)} | ${r.requests} | ${r.non2xx} / ${r.errors} | ${
            r.upstream
          } |`,
      ),
      '',
      `Warm status / Kubernetes query, req/s: **${(
        status.rps / query.rps
      ).toFixed(2)}x** (target ≥ 2x). Warm status / catalog by-name: ${(
        status.rps / byName.rps
      ).toFixed(2)}x.`,
      '',
      `Cold call (${ms(coldMs)} ms): ${
        coldCounts.kubernetesQuery
      } Kubernetes query (target ≤ 1), ${
        coldCounts.kubernetesLists
      } list calls at the cluster, ${coldCounts.catalog} catalog calls.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    if (status.non2xx || status.errors || status.requests === 0) {
      process.stderr.write('The warm status endpoint failed.\n');
      failed = true;
    }
    if (query.non2xx || byName.non2xx) {
      process.stderr.write(
        'A comparison endpoint answered non-2xx: its figures are not comparable.\n',
      );
      failed = true;
    }
    if (coldCounts.kubernetesQuery > 1) {
      process.stderr.write(
        'The cold call made more than one Kubernetes query.\n',
      );
      failed = true;
    }
  } finally {
    await backend.stop().catch(e => process.stderr.write(`${e}\n`));
    await k8s.close();
    await rm(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
