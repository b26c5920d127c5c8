/*
 * Several replicas (issue 17): two backend processes on one PostgreSQL, the cache service on
 * Redis, one Kubernetes stand-in. The collector runs once per cycle across them, both answer
 * the same, a refresh's rate limit holds across them (the shared cache), killing the one running a cycle loses nothing and the other runs the next one, and
 * a restart keeps every observation. Real processes, killed with SIGKILL: nothing is mocked.
 *
 * Runs when PostgreSQL (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING) and Redis
 * (DATASTORES_TEST_REDIS_URL) are given, as the other PostgreSQL tests do: `scripts/test.sh`
 * sets both when they answer on their usual ports, and `.ci/run` starts both when down.
 */
import {
  KubernetesServer,
  startKubernetesServer,
} from '@datastores/test-servers';
import { knex as createKnex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  kubernetesClustersConfig,
  clusterSecretStore,
} from '../../fixtures/live/fixtures';
import {
  FLEET_DATASTORES,
  fleetEntities,
  fleetObjects,
  fleetServiceName,
} from '../../fixtures/live/fleet';
import { Replica, startReplica } from '../../fixtures/replicas/replicaProcess';

jest.setTimeout(300_000);

const POSTGRES =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const REDIS = process.env.DATASTORES_TEST_REDIS_URL;
const missing = [
  !POSTGRES && 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING',
  !REDIS && 'DATASTORES_TEST_REDIS_URL',
].filter(Boolean);
const SERVICES = 3;
/** The Kubernetes types the fleet's datastores use: one list each per cycle (one page). */
const TYPES_IN_USE = 8;
const CYCLE_SECONDS = 3;
/** How long a cycle may hold the scheduler's lock: a killed runner's lock expires after it. */
const CYCLE_TIMEOUT_SECONDS = 15;
const TOKEN = randomBytes(16).toString('hex');
const headers = { authorization: `Bearer ${TOKEN}` };

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting: ${what}`);
    await sleep(250);
  }
}

interface Live {
  lastCycle: { startedAt: string; summary: { calls: number } } | null;
  sources: Array<{ id: string; error?: string; lastSuccessAt?: string }>;
}

const get = async (replica: Replica, path: string) => {
  const res = await fetch(`${replica.url}${path}`, { headers });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
const live = (r: Replica): Promise<Live> => get(r, '/api/datastores/v1/live');
const statusOf = (r: Replica, service: string) =>
  get(r, `/api/datastores/v1/entities/component/default/${service}/datastores`);

/** The first finished cycle that started at or after `since`. */
const cycleSince = (r: Replica, since: number, timeoutMs?: number) =>
  until(
    `a cycle since ${new Date(since).toISOString()} on ${r.name}`,
    async () => {
      const state = await live(r);
      return state.lastCycle && Date.parse(state.lastCycle.startedAt) >= since
        ? state
        : undefined;
    },
    timeoutMs,
  );

/** What a status must agree on, whichever replica answers and whenever. */
const observed = (body: any) =>
  body.datastores
    .map((d: any) => ({
      entityRef: d.entityRef,
      readiness: d.readiness.state,
      backup: d.backup.posture,
      secretSync: d.secretSync.status,
    }))
    .sort((x: any, y: any) => x.entityRef.localeCompare(y.entityRef));

// Without PostgreSQL or Redis there is nothing to run this on; the title says which is missing.
(missing.length ? describe.skip : describe)(
  `two replicas on one PostgreSQL, the cache on Redis${
    missing.length ? ` (skipped: ${missing.join(' and ')} not set)` : ''
  }`,
  () => {
    const prefix = `ds_replicas_${process.pid}_${Date.now() % 100000}_`;
    const replicas: Replica[] = [];
    let cluster: KubernetesServer;
    let dir: string;

    afterAll(async () => {
      await Promise.all(replicas.map(r => r.kill()));
      await cluster?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
      // Every database the replicas' plugins created under this run's prefix.
      const admin = createKnex({ client: 'pg', connection: POSTGRES });
      try {
        const { rows } = await admin.raw(
          'select datname from pg_database where datname like ?',
          [`${prefix}%`],
        );
        for (const { datname } of rows) {
          await admin.raw('drop database if exists ?? with (force)', [datname]);
        }
      } finally {
        await admin.destroy();
      }
    });

    it('collects once per cycle, answers the same, survives a killed runner and a restart', async () => {
      cluster = await startKubernetesServer({ tokens: ['t'] });
      for (let i = 0; i < SERVICES; i++) {
        for (const o of fleetObjects(fleetServiceName(i))) cluster.apply(o);
      }
      cluster.apply(clusterSecretStore());
      dir = await mkdtemp(join(tmpdir(), 'datastores-replicas-'));
      const catalogFile = join(dir, 'catalog.yaml');
      await writeFile(
        catalogFile,
        fleetEntities(SERVICES)
          .map(e => JSON.stringify(e))
          .join('\n---\n'),
      );
      const config = (port: number) => ({
        backend: {
          baseUrl: `http://127.0.0.1:${port}`,
          listen: { host: '127.0.0.1', port },
          database: { client: 'pg', connection: POSTGRES, prefix },
          cache: {
            store: 'redis',
            connection: REDIS,
            redis: { client: { namespace: prefix } },
          },
          auth: {
            externalAccess: [
              { type: 'static', options: { token: TOKEN, subject: 'test' } },
            ],
          },
        },
        catalog: {
          rules: [{ allow: ['Component', 'Resource', 'Location'] }],
          locations: [{ type: 'file', target: catalogFile }],
          processingInterval: { seconds: 2 },
        },
        kubernetes: kubernetesClustersConfig([
          { name: 'local', url: cluster.url },
        ]),
        datastores: {
          live: {
            schedule: {
              frequency: { seconds: CYCLE_SECONDS },
              timeout: { seconds: CYCLE_TIMEOUT_SECONDS },
              initialDelay: { seconds: 0 },
            },
            kubernetes: { timeoutMs: 10_000, clusterDeadlineMs: 12_000 },
          },
          refresh: {
            schedule: {
              frequency: { hours: 1 },
              timeout: { minutes: 1 },
              initialDelay: { hours: 1 },
            },
          },
        },
      });

      // One after the other, as a rolling deployment does: two processes migrating a new
      // database at the same moment race in knex's own migration table creation (the catalog's
      // and this plugin's alike), and the loser exits until restarted.
      const a = await startReplica('a', config);
      replicas.push(a);
      const b = await startReplica('b', config);
      replicas.push(b);

      // The catalog holds every datastore; then a cycle that saw them all.
      const sample = fleetServiceName(0);
      await until('the catalog to stitch every datastore', async () => {
        const body = await statusOf(a, fleetServiceName(SERVICES - 1));
        return body.datastores.length === FLEET_DATASTORES.length
          ? true
          : undefined;
      });
      const first = await cycleSince(a, Date.now());

      // Once per cycle across both. Between the ends of cycle 0 and cycle 3, the cluster saw
      // exactly the lists of cycles 1 to 3, and the two logs hold exactly their three starts:
      // a replica running a cycle the other also ran would add lists and starts.
      const ends: Array<{ startedAt: string; calls: number; listed: number }> =
        [];
      const nextCycle = (after: string) =>
        until(
          'the next cycle',
          async () => {
            const s = await live(a);
            return s.lastCycle && s.lastCycle.startedAt !== after
              ? s
              : undefined;
          },
          CYCLE_TIMEOUT_SECONDS * 3000,
        );
      let previous = first.lastCycle!.startedAt;
      while (ends.length < 4) {
        const state = await nextCycle(previous);
        previous = state.lastCycle!.startedAt;
        ends.push({
          startedAt: previous,
          calls: state.lastCycle!.summary.calls,
          listed: cluster.calls.length,
        });
      }
      const [zero, ...counted] = ends;
      // Each cycle: the Kubernetes backend's cluster list (not a call at the cluster), then one
      // list per type in use.
      for (const cycle of counted) expect(cycle.calls).toBe(1 + TYPES_IN_USE);
      expect(counted[2].listed - zero.listed).toBe(3 * TYPES_IN_USE);
      const startsBetween = [a, b].flatMap(r =>
        r.log.flatMap(line => {
          const at = /Collector cycle started at (\S+)/.exec(line)?.[1];
          return at &&
            Date.parse(at) > Date.parse(zero.startedAt) &&
            Date.parse(at) <= Date.parse(counted[2].startedAt)
            ? [at]
            : [];
        }),
      );
      expect(startsBetween.sort()).toEqual(counted.map(c => c.startedAt));

      // Both answer the same, from the same observations.
      const fromA = await statusOf(a, sample);
      const fromB = await statusOf(b, sample);
      expect(observed(fromB)).toEqual(observed(fromA));
      expect(observed(fromA)).toEqual(
        [...FLEET_DATASTORES]
          .sort((x, y) => x.name.localeCompare(y.name))
          .map(({ name, d }) =>
            expect.objectContaining({
              entityRef: `resource:default/${sample}-${name}-${d.environment}`,
              // No RDS reader here: the managed database's backups stay declared, never green.
              readiness: d.provider === 'rds' ? 'declared' : 'ready',
            }),
          ),
      );
      const fleetA = await get(a, '/api/datastores/v1/datastores?limit=500');
      const fleetB = await get(b, '/api/datastores/v1/datastores?limit=500');
      expect(fleetB.items).toEqual(fleetA.items);
      expect(fleetA.totalItems).toBe(SERVICES * FLEET_DATASTORES.length);
      // The cache is Redis, shared: a refresh on one replica spends the service's turn on both
      // (with each replica's own memory cache, b would refresh again).
      const refresh = (r: Replica) =>
        fetch(
          `${r.url}/api/datastores/v1/entities/component/default/${sample}/refresh`,
          { method: 'POST', headers },
        );
      expect((await refresh(a)).status).toBe(200);
      const again = await refresh(b);
      expect(again.status).toBe(429);
      expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);

      const sourcesBefore = (await live(a)).sources;

      // Kill the replica running a cycle, in the middle of it: slow lists make the middle long.
      cluster.fault({ latencyMs: 700 });
      const slowFrom = { a: a.log.length, b: b.log.length };
      const runner = await until('a replica to start a cycle', async () => {
        if (
          a.log
            .slice(slowFrom.a)
            .some(l => l.includes('Collector cycle started'))
        ) {
          return a;
        }
        if (
          b.log
            .slice(slowFrom.b)
            .some(l => l.includes('Collector cycle started'))
        ) {
          return b;
        }
        return undefined;
      });
      const survivor = runner === a ? b : a;
      cluster.resetCalls();
      await until('the cycle to be under way', async () =>
        cluster.calls.length >= 2 ? true : undefined,
      );
      const killedAt = Date.now();
      await runner.kill();
      cluster.clearFaults();

      // Nothing lost: every source still has its observations, the status is as it was.
      const afterKill = await live(survivor);
      for (const source of sourcesBefore.filter(s => s.lastSuccessAt)) {
        expect(afterKill.sources).toContainEqual(
          expect.objectContaining({ id: source.id }),
        );
        const now = afterKill.sources.find(s => s.id === source.id)!;
        expect(Date.parse(now.lastSuccessAt!)).toBeGreaterThanOrEqual(
          Date.parse(source.lastSuccessAt!),
        );
      }
      expect(observed(await statusOf(survivor, sample))).toEqual(
        observed(fromA),
      );

      // The survivor runs the next cycle, once the killed runner's lock has expired.
      const survivorFrom = survivor.log.length;
      const next = await cycleSince(
        survivor,
        killedAt,
        (CYCLE_TIMEOUT_SECONDS + CYCLE_SECONDS + 30) * 1000,
      );
      expect(next.lastCycle!.summary.calls).toBeGreaterThan(0);
      expect(
        survivor.log
          .slice(survivorFrom)
          .some(l =>
            l.includes(`Collector cycle of ${next.lastCycle!.startedAt} done`),
          ),
      ).toBe(true);

      // A restart keeps every observation: stop the survivor, let the cluster hang so no new
      // cycle can replace anything, start a fresh replica on the same database.
      const beforeRestart = await live(survivor);
      const statusBeforeRestart = observed(await statusOf(survivor, sample));
      await survivor.stop();
      cluster.fault({ hang: true });
      const c = await startReplica('c', config);
      replicas.push(c);
      const afterRestart = await live(c);
      // The hung cluster's types: exactly as the survivor left them. (The cluster list comes
      // from the Kubernetes backend's config, so c's first cycle may renew it.)
      const lastSuccess = (state: Live, hung: boolean) =>
        state.sources
          .filter(
            s =>
              s.lastSuccessAt && s.id.startsWith('kubernetes/local/') === hung,
          )
          .map(s => [s.id, s.lastSuccessAt] as const);
      expect(lastSuccess(afterRestart, true)).toEqual(
        lastSuccess(beforeRestart, true),
      );
      const renewed = new Map(lastSuccess(afterRestart, false));
      for (const [id, at] of lastSuccess(beforeRestart, false)) {
        expect(Date.parse(renewed.get(id) ?? '')).toBeGreaterThanOrEqual(
          Date.parse(at ?? ''),
        );
      }
      expect(observed(await statusOf(c, sample))).toEqual(statusBeforeRestart);
      cluster.clearFaults();
    });
  },
);
