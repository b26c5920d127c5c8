/*
 * Starts packages/backend as its own process, exactly as `yarn start` does, with every
 * feature src/index.ts adds, and fails if any plugin fails to start or logs an error or a
 * warning while starting. This is what keeps version skew between @backstage/* packages from
 * coming back silently (a skewed backend dies with e.g. "addWebSocketHandler is not a function").
 *
 * It runs against SQLite, and against PostgreSQL too when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set (as .ci/run does).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stripVTControlCharacters } from 'node:util';
import { Client } from 'pg';

const backendDir = resolve(__dirname, '..');
const cliBin = require.resolve('@backstage/cli/bin/backstage-cli');
const externalToken = randomBytes(24).toString('hex');
const postgresUrl =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

const STARTUP_TIMEOUT_MS = 150_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

/** Log lines of the form `<time> <plugin> <level> <message>`, at `error` or `warn`. */
function problemLines(log: string): string[] {
  return stripVTControlCharacters(log)
    .split('\n')
    .filter(line => /^\S+\s+\S+\s+(error|warn)\b/.test(line));
}

class BackendProcess {
  log = '';
  exitCode: number | null = null;
  private readonly child: ChildProcess;

  constructor(configPath: string) {
    this.child = spawn(
      process.execPath,
      [
        cliBin,
        'package',
        'start',
        '--config',
        '../../app-config.yaml',
        '--config',
        configPath,
      ],
      {
        cwd: backendDir,
        // Own process group, so stop() also ends the backend the CLI spawned.
        detached: true,
        env: { ...process.env, NODE_ENV: 'development', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const append = (chunk: Buffer) => {
      this.log += chunk.toString('utf8');
    };
    this.child.stdout!.on('data', append);
    this.child.stderr!.on('data', append);
    this.child.on('exit', code => {
      this.exitCode = code ?? -1;
    });
  }

  async stop() {
    if (this.exitCode !== null || !this.child.pid) return;
    const exited = new Promise(done => this.child.once('exit', done));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }
}

async function waitFor<T>(
  what: string,
  backend: BackendProcess,
  probe: () => Promise<T | undefined>,
  deadline: number,
): Promise<T> {
  for (;;) {
    // In watch mode the CLI outlives a backend that failed to start: read the log instead.
    const errors = problemLines(backend.log).filter(line =>
      /^\S+\s+\S+\s+error\b/.test(line),
    );
    if (errors.length > 0) {
      throw new Error(
        `Backend logged errors before ${what}:\n${errors.join('\n')}`,
      );
    }
    if (backend.exitCode !== null) {
      throw new Error(
        `Backend exited with code ${backend.exitCode} before ${what}:\n${backend.log}`,
      );
    }
    const result = await probe().catch(() => undefined);
    if (result !== undefined) return result;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}:\n${backend.log}`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

type Database = { name: string; config: object; cleanup(): Promise<void> };

function databases(): Database[] {
  const list: Database[] = [
    {
      name: 'SQLite (the default of app-config.yaml)',
      config: {},
      cleanup: async () => {},
    },
  ];
  if (postgresUrl) {
    // A prefix of our own, so this run's plugin databases can be found and dropped.
    const prefix = `ds_startup_${randomBytes(4).toString('hex')}_`;
    list.push({
      name: 'PostgreSQL',
      config: {
        backend: {
          database: { client: 'pg', connection: postgresUrl, prefix },
        },
      },
      cleanup: async () => {
        const client = new Client({ connectionString: postgresUrl });
        await client.connect();
        try {
          const { rows } = await client.query(
            'SELECT datname FROM pg_database WHERE datname LIKE $1',
            [`${prefix}%`],
          );
          for (const { datname } of rows) {
            await client.query(
              `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`,
            );
          }
        } finally {
          await client.end();
        }
      },
    });
  }
  return list;
}

describe('packages/backend started as its own process', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'datastores-startup-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each(databases().map(db => [db.name, db] as const))(
    'starts every plugin with no error on %s and loads the example catalog and template',
    async (_name, db) => {
      const port = await freePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const configPath = join(tmp, `app-config.${port}.json`);
      writeFileSync(
        configPath,
        JSON.stringify({
          ...db.config,
          backend: {
            ...(db.config as any).backend,
            baseUrl,
            listen: { port, host: '127.0.0.1' },
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: externalToken, subject: 'startup-test' },
                },
              ],
            },
          },
        }),
      );

      const backend = new BackendProcess(configPath);
      const deadline = Date.now() + STARTUP_TIMEOUT_MS;
      try {
        await waitFor(
          'readiness',
          backend,
          async () => {
            const res = await fetch(
              `${baseUrl}/.backstage/health/v1/readiness`,
            );
            return res.status === 200 ? true : undefined;
          },
          deadline,
        );
        expect(backend.log).toContain('Plugin initialization complete');

        const health = await fetch(`${baseUrl}/api/datastores/health`);
        expect(health.status).toBe(200);

        // The catalog processes the example locations shortly after start.
        const resources = [
          'resource:default/orders-cache-production',
          'resource:default/orders-main-preview',
          'resource:default/orders-main-production',
        ];
        const expected = [
          'component:default/orders',
          ...resources,
          'template:default/provision-datastore',
          'template:default/change-datastore',
          'template:default/decommission-datastore',
          'template:default/datastores-terraform-repo',
          'template:default/datastores-gitops-repo',
        ];
        const found = await waitFor(
          'the example catalog',
          backend,
          async () => {
            const res = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
              method: 'POST',
              headers: {
                authorization: `Bearer ${externalToken}`,
                'content-type': 'application/json',
              },
              body: JSON.stringify({ entityRefs: expected }),
            });
            const body = (await res.json()) as { items: Array<unknown | null> };
            return body.items.every(Boolean) ? body.items : undefined;
          },
          deadline,
        );
        const orders = found[0] as {
          relations: { type: string; targetRef: string }[];
        };
        expect(
          orders.relations
            .filter(r => r.type === 'dependsOn')
            .map(r => r.targetRef)
            .sort(),
        ).toEqual(resources);

        // The one warning app-config.yaml's defaults deserve, said once: the example targets on
        // github.com have no credentials, so requests are not refreshed from GitHub.
        const problems = problemLines(backend.log);
        expect(problems).toEqual([
          expect.stringMatching(
            /datastores warn No GitHub credentials for https:\/\/github\.com\/acme\/infra-terraform .*configure integrations\.github/,
          ),
        ]);
      } finally {
        await backend.stop();
        await db.cleanup();
      }
    },
    STARTUP_TIMEOUT_MS + 30_000,
  );
});
