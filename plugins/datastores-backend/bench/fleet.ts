/*
 * Benchmark (issue 17): live status served from the collector's observations, at fleet size.
 *
 *   yarn workspace @datastores/plugin-datastores-backend bench:fleet
 *
 * 1,000 services x 4 datastores (a production RDS, a staging and a dev CloudNativePG, a
 * production Dragonfly), spread over 3 Kubernetes cluster stand-ins, with 1,000 RDS instances
 * in the RDS stand-in. One backend in-process (`createBackend`): the real catalog (a file
 * location), the real Kubernetes backend, this plugin and the real scheduler, SQLite in memory,
 * authenticated by a static external-access token. In one run, side by side:
 *
 * - one collector cycle: its calls (at each cluster, and RDS pages) and its time;
 * - the status endpoint (warm) against the catalog's `entities/by-name`, in alternating rounds
 *   (the median round of each is compared), and the Kubernetes backend's custom-resource query
 *   for the same service;
 * - the fleet API over the 4,000 datastores, with a filter;
 * - one cluster hung: the next cycle keeps the others fresh, and the status latency again.
 *
 * The load generator (autocannon) runs in a worker thread. Its histogram has no p95, so p97.5 is
 * reported: a bound p95 stays under.
 *
 * Env: BENCH_DURATION_S (default 10), BENCH_CONNECTIONS (default 10), BENCH_SERVICES (1000),
 * BENCH_ROUNDS (3), BENCH_PROFILE (a row label prefix: a CPU profile of those rows),
 * BENCH_LOG_LEVEL (warn).
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { deriveNames } from '@datastores/plugin-datastores-common';
import { DatastoreProviders } from '@datastores/plugin-datastores-node';
import {
  KubernetesServer,
  freePort,
  startKubernetesServer,
} from '@datastores/test-servers';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { Session } from 'node:inspector';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubernetesClustersConfig } from '../fixtures/live/fixtures';
import {
  FLEET_DATASTORES as DATASTORES,
  fleetEntities,
  fleetObjects,
  fleetServiceName as serviceName,
} from '../fixtures/live/fleet';
import { startRdsStandIn } from '../fixtures/live/rdsStandIn';
import { typesFor } from '../src/live/kubernetesTypes';

const DURATION = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const CLUSTERS = ['eu', 'us', 'ap'];
const TOKEN = randomBytes(24).toString('hex');
const CYCLE_SECONDS = 20;
/** The backend's log level (BENCH_LOG_LEVEL=info shows each collector cycle). */
const LOG_LEVEL =
  (['error', 'warn', 'info', 'debug'] as const).find(
    level => level === process.env.BENCH_LOG_LEVEL,
  ) ?? 'warn';
/** Alternating rounds of the status endpoint and the catalog's by-name. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

interface Run {
  label: string;
  rps: number;
  p50: number;
  /** autocannon's histogram has no p95: p97.5 is reported, a stricter bound. */
  p97_5: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Calls at the cluster stand-ins during the run. */
  clusterCalls: number;
  /** Whether a collector cycle finished during the run (its calls are in `clusterCalls`). */
  cycleRan: boolean;
}

/**
 * With BENCH_PROFILE=<label prefix>, a CPU profile of the rows whose label starts with it, written
 * to bench-<label>.cpuprofile (open it in Chrome's DevTools). The backend and the load generator
 * share this process, so the profile shows both.
 */
async function startProfile(
  label: string,
): Promise<(() => Promise<void>) | undefined> {
  const prefix = process.env.BENCH_PROFILE;
  if (!prefix || !label.startsWith(prefix)) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = await post('Profiler.stop');
    const file = `bench-${label.replace(/[^a-z0-9]+/gi, '-')}.cpuprofile`;
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    process.stderr.write(`CPU profile: ${file}\n`);
  };
}

async function load(
  label: string,
  ctx: {
    clusters: KubernetesServer[];
    /** The start of the collector's last finished cycle. */
    lastCycle: () => Promise<string | undefined>;
  },
  opts: { url: string; method?: 'GET' | 'POST'; body?: string },
): Promise<Run> {
  const { clusters } = ctx;
  for (const c of clusters) c.resetCalls();
  const startedAt = Date.now();
  const profile = await startProfile(label);
  // The load generator runs in a worker thread, so it does not take the backend's event loop.
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
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
        workers: 1,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  await profile?.();
  const clusterCalls = clusters.reduce((n, c) => n + c.calls.length, 0);
  return {
    cycleRan: clusterCalls > 0 && (await cycleStartedSince(ctx, startedAt)),
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    clusterCalls,
  };
}

/** Whether a collector cycle started at or after `since` (waiting for one in flight to end). */
async function cycleStartedSince(
  ctx: { lastCycle: () => Promise<string | undefined> },
  since: number,
): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const last = await ctx.lastCycle();
    if (last && Date.parse(last) >= since) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

/** The round with the median req/s. */
function median(rounds: Run[]): Run {
  const sorted = [...rounds].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

interface LiveState {
  lastCycle: { startedAt: string; summary: any } | null;
  sources: Array<{ id: string; error?: string; lastSuccessAt?: string }>;
}

async function main() {
  const clusters = await Promise.all(
    CLUSTERS.map(() => startKubernetesServer({ tokens: ['t'] })),
  );
  for (let i = 0; i < SERVICES; i++) {
    const cluster = clusters[i % CLUSTERS.length];
    for (const o of fleetObjects(serviceName(i))) cluster.apply(o);
  }
  for (const c of clusters) {
    c.apply({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'aws-secrets-manager' },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
  const rds = await startRdsStandIn();
  for (let i = 0; i < SERVICES; i++) {
    rds.set(
      deriveNames({
        service: serviceName(i),
        name: 'ledger',
        environment: 'production',
      }).rdsIdentifier,
      {
        status: 'available',
        retention: 14,
        latestAgoMs: 5 * 60_000,
        deletionProtection: true,
      },
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'datastores-bench-'));
  const catalogFile = join(dir, 'catalog.yaml');
  await writeFile(
    catalogFile,
    fleetEntities(SERVICES)
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
    kubernetes: kubernetesClustersConfig(
      CLUSTERS.map((name, i) => ({ name, url: clusters[i].url })),
    ),
    datastores: {
      live: {
        schedule: {
          frequency: { seconds: CYCLE_SECONDS },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 0 },
        },
        kubernetes: { clusterDeadlineMs: 5000, timeoutMs: 2000 },
        rds: {
          region: 'eu-west-1',
          endpoint: rds.url,
          accessKeyId: 'a',
          secretAccessKey: 's',
        },
      },
      refresh: {
        schedule: {
          frequency: { hours: 1 },
          timeout: { minutes: 3 },
          initialDelay: { hours: 1 },
        },
      },
    },
  };

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(config),
    }),
  );
  backend.add(rootHttpRouterServiceFactory());
  backend.add(
    mockServices.rootLogger.factory({
      level: LOG_LEVEL,
    }),
  );
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  backend.add(import('../src'));

  const headers = { authorization: `Bearer ${TOKEN}` };
  const live = async (): Promise<LiveState> =>
    (await fetch(`${baseUrl}/api/datastores/v1/live`, { headers })).json();
  /** The first finished cycle that started at or after `since`. */
  const cycleSince = async (since: number, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await live();
      if (state.lastCycle && Date.parse(state.lastCycle.startedAt) >= since) {
        return state;
      }
      if (Date.now() > deadline) throw new Error('no collector cycle in time');
      await sleep(250);
    }
  };

  const ctx = {
    clusters,
    lastCycle: async () => (await live()).lastCycle?.startedAt,
  };
  let failed = false;
  const fail = (why: string) => {
    process.stderr.write(`${why}\n`);
    failed = true;
  };
  try {
    await backend.start();
    // Wait for the catalog to hold every datastore, stitched to its service.
    const last = serviceName(SERVICES - 1);
    const deadline = Date.now() + 600_000;
    for (;;) {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-query?filter=kind=resource&limit=1`,
        { headers },
      );
      const total = res.ok
        ? ((await res.json()) as { totalItems: number }).totalItems
        : 0;
      const lastEntity = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/resource/default/${last}-sessions-production`,
        { headers },
      );
      const stitched =
        lastEntity.ok &&
        ((await lastEntity.json()) as Entity).relations?.some(
          r => r.type === 'dependencyOf',
        );
      if (total === SERVICES * DATASTORES.length && stitched) break;
      if (Date.now() > deadline) {
        throw new Error('the catalog did not process the entities in 600 s');
      }
      await sleep(1000);
    }
    // A cycle that saw the whole catalog; then the calls of exactly the next one (a cycle in
    // flight when counting began would add its calls to the first).
    await cycleSince(Date.now());
    for (const c of clusters) c.resetCalls();
    rds.calls.length = 0;
    const cycle = await cycleSince(Date.now());
    const summary = cycle.lastCycle!.summary;
    const callsPerCluster = clusters.map(c => c.calls.length);
    const rdsPages = rds.calls.length;
    const typesInUse = typesFor(
      DATASTORES.map(x => x.d),
      {
        postgres: {
          apiVersion: 'datastores.platform.io/v1alpha1',
          kind: 'PostgresInstance',
        },
        cache: {
          apiVersion: 'datastores.platform.io/v1alpha1',
          kind: 'CacheInstance',
        },
      },
      DatastoreProviders.create(),
    );

    const sample = serviceName(0);
    const statusUrl = `${baseUrl}/api/datastores/v1/entities/component/default/${sample}/datastores`;
    const check = await fetch(statusUrl, { headers });
    const checkBody = (await check.json()) as {
      datastores: Array<{ name: string; readiness: { state: string } }>;
      errors: unknown[];
    };
    if (!check.ok || checkBody.datastores.length !== DATASTORES.length) {
      throw new Error(`status: ${check.status} ${JSON.stringify(checkBody)}`);
    }
    const byNameUrl = `${baseUrl}/api/catalog/entities/by-name/component/default/${sample}`;
    const bytes = {
      status: JSON.stringify(checkBody).length,
      byName: (await (await fetch(byNameUrl, { headers })).text()).length,
    };
    const readyCount = checkBody.datastores.filter(
      d => d.readiness.state === 'ready',
    ).length;

    // Side by side in alternating rounds, so neither gets the quieter moment (a catalog
    // processing pass, a collector cycle, the JIT warming up): the median round of each counts.
    const statusRounds: Run[] = [];
    const byNameRounds: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      statusRounds.push(
        await load(`datastores status (warm), round ${round}`, ctx, {
          url: statusUrl,
        }),
      );
      byNameRounds.push(
        await load(`catalog entities/by-name, round ${round}`, ctx, {
          url: byNameUrl,
        }),
      );
    }
    const status = median(statusRounds);
    const byName = median(byNameRounds);
    const query = await load('kubernetes custom-resource query', ctx, {
      url: `${baseUrl}/api/kubernetes/resources/custom/query`,
      method: 'POST',
      body: JSON.stringify({
        entityRef: `component:default/${sample}`,
        customResources: typesInUse.map(t => ({
          group: t.group,
          apiVersion: t.version,
          plural: t.plural,
        })),
      }),
    });
    const fleetUrl = `${baseUrl}/api/datastores/v1/datastores?environment=production&backup=protected,at-risk,unknown&limit=50`;
    const fleetCheck = (await (await fetch(fleetUrl, { headers })).json()) as {
      totalItems: number;
      counts: { total: number };
    };
    const fleet = await load('fleet API, filtered', ctx, {
      url: fleetUrl,
    });

    // One cluster hangs: the next cycle must keep the others fresh.
    const hung = clusters[2];
    hung.fault({ hang: true });
    const faultAt = Date.now();
    const hungCycle = await cycleSince(faultAt);
    const stale = hungCycle.sources.filter(s => s.error);
    const fresh = hungCycle.sources.filter(
      s =>
        !s.error &&
        s.id.startsWith('kubernetes/') &&
        s.lastSuccessAt &&
        Date.parse(s.lastSuccessAt) >= faultAt,
    );
    const statusHung = await load('datastores status, ap hung', ctx, {
      url: statusUrl,
    });
    const hungService = serviceName(2);
    const inHung = await load(
      `datastores status of ${hungService} (in ap)`,
      ctx,
      {
        url: `${baseUrl}/api/datastores/v1/entities/component/default/${hungService}/datastores`,
      },
    );
    hung.clearFaults();

    const runs = [
      ...statusRounds,
      ...byNameRounds,
      query,
      fleet,
      statusHung,
      inHung,
    ];
    const ms = (v: number) => v.toFixed(1);
    const row = (r: Run) =>
      `| ${r.label} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p97_5)} | ${
        r.requests
      } | ${r.non2xx} / ${r.errors} | ${r.clusterCalls} |`;
    const staleClusters = [...new Set(stale.map(s => s.id.split('/')[1]))];
    const lines = [
      `${SERVICES} services x ${DATASTORES.length} datastores over ${CLUSTERS.length} clusters; ${CONNECTIONS} connections, ${DURATION} s per row, one backend process (SQLite in memory).`,
      '',
      `Collector cycle: ${summary.calls} calls (${callsPerCluster.join(
        ' + ',
      )} at the clusters, ${rdsPages} RDS pages; ${
        typesInUse.length
      } Kubernetes types in use), ${summary.objects} objects stored, ${
        summary.durationMs
      } ms; ${summary.failed.length} sources failed.`,
      '',
      '| endpoint | req/s | p50 ms | p97.5 ms | requests | non-2xx / errors | cluster calls during the row |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...runs.map(row),
      '',
      `Status / catalog by-name, req/s (median rounds: ${status.label}, ${
        byName.label
      }): **${(status.rps / byName.rps).toFixed(
        2,
      )}x** (target ≥ 1.0x); per round ${statusRounds
        .map((r, i) => (r.rps / byNameRounds[i].rps).toFixed(2))
        .join(', ')}. Status / Kubernetes query: ${(
        status.rps / query.rps
      ).toFixed(2)}x.`,
      `Response bodies: status ${bytes.status} bytes (${DATASTORES.length} datastores), by-name ${bytes.byName} bytes (one entity).`,
      `Fleet API p97.5 (so p95 is at most this): **${ms(
        fleet.p97_5,
      )} ms** (target p95 ≤ 200 ms); ${fleetCheck.totalItems} of ${
        fleetCheck.counts.total
      } datastores match its filter.`,
      `Hung cluster: the next cycle (${
        hungCycle.lastCycle!.summary.durationMs
      } ms) marked ${stale.length} sources stale (${staleClusters.join(
        ', ',
      )}) and kept ${fresh.length} fresh; status p97.5 ${ms(
        status.p97_5,
      )} → ${ms(statusHung.p97_5)} ms.`,
      `The sample service's datastores observed ready: ${readyCount} of ${DATASTORES.length}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    for (const r of runs) {
      if (r.non2xx || r.errors || !r.requests) fail(`${r.label}: failures`);
    }
    // The collector's own calls land in a row a cycle ran during; any other is the endpoint's.
    for (const r of [...statusRounds, statusHung, inHung]) {
      if (r.clusterCalls && !r.cycleRan) {
        fail(`${r.label}: the status endpoint called a cluster`);
      }
    }
    if (staleClusters.some(c => c !== 'ap')) {
      fail('a source outside the hung cluster went stale');
    }
  } finally {
    await backend.stop().catch(e => process.stderr.write(`${e}\n`));
    await Promise.all(clusters.map(c => c.close()));
    await rds.close();
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
