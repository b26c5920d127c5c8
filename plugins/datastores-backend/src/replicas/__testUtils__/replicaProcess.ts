import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@datastores/test-servers';
import { stripVTControlCharacters } from 'node:util';

/** A backend replica running as its own process (`replica.ts`). */
export interface Replica {
  name: string;
  url: string;
  /** Every line it wrote to stdout and stderr, ANSI colours removed, as they arrive. */
  log: string[];
  /** SIGKILL: no shutdown hook runs, as when a node dies. */
  kill(): Promise<void>;
  /** SIGTERM: Backstage's graceful shutdown. */
  stop(): Promise<void>;
}

/** Starts a replica on a free port with `config(port)`; resolves once it serves. */
export async function startReplica(
  name: string,
  config: (port: number) => object,
  startTimeoutMs = 180_000,
): Promise<Replica> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      require.resolve('./replica.ts'),
    ],
    {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATASTORES_REPLICA_CONFIG: JSON.stringify(config(port)),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: string[] = [];
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const read = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      log.push(...lines.map(l => `${name}: ${stripVTControlCharacters(l)}`));
    });
  };
  read(child.stdout!);
  read(child.stderr!);
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
    await exited;
  };
  const replica: Replica = {
    name,
    url: `http://127.0.0.1:${port}`,
    log,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
  const deadline = Date.now() + startTimeoutMs;
  while (!log.some(l => l.endsWith('REPLICA STARTED'))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await replica.kill();
      throw new Error(
        `Replica ${name} did not start:\n${log.slice(-40).join('\n')}`,
      );
    }
    await new Promise(r => setTimeout(r, 200));
  }
  return replica;
}
