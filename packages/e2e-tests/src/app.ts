/*
 * Starts the real app (`yarn start` at the repo root: packages/app's dev server and
 * packages/backend) as its own process group, waits until both answer, and stops the group.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

export { freePort } from '@datastores/test-servers';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export class AppProcess {
  exitCode: number | null = null;
  private log = '';
  private readonly child: ChildProcess;
  private readonly file: WriteStream;

  constructor(options: {
    rootDir: string;
    configPaths: string[];
    logPath: string;
    env?: Record<string, string>;
  }) {
    this.file = createWriteStream(options.logPath);
    // `backstage-cli repo start --config X` loads X *instead of* app-config.yaml, and each
    // package resolves relative paths against its own directory: pass every file, absolute.
    const args = [
      'start',
      ...options.configPaths.flatMap(p => ['--config', p]),
    ];
    this.child = spawn('yarn', args, {
      cwd: options.rootDir,
      // Own process group: stop() ends yarn, the CLI, the dev server and the backend at once.
      detached: true,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        FORCE_COLOR: '0',
        // The dev server opens a browser unless told not to.
        BROWSER: 'none',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      this.log += text;
      if (this.log.length > 2_000_000) this.log = this.log.slice(-1_000_000);
      this.file.write(stripVTControlCharacters(text));
    };
    this.child.stdout!.on('data', append);
    this.child.stderr!.on('data', append);
    this.child.on('exit', code => {
      this.exitCode = code ?? -1;
    });
  }

  /** True when the backend restarted because a source file changed (it runs in watch mode). */
  get restartedOnChange(): boolean {
    return this.log.includes('Change detected, restarting');
  }

  get pid() {
    return this.child.pid;
  }

  /** The last `lines` lines the app printed, without the access log of successful requests. */
  tail(lines = 60): string {
    return stripVTControlCharacters(this.log)
      .split('\n')
      .filter(line => !/type="incomingRequest".* status=[23]\d\d /.test(line))
      .slice(-lines)
      .join('\n');
  }

  /** Polls `probe` every second until it answers true; fails if the app exits or time runs out. */
  async waitFor(
    what: string,
    probe: () => Promise<boolean>,
    timeoutMs: number,
  ): Promise<number> {
    const started = Date.now();
    for (;;) {
      if (this.exitCode !== null) {
        throw new Error(
          `The app exited with code ${this.exitCode} before ${what}`,
        );
      }
      if (await probe().catch(() => false)) return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `Timed out after ${Math.round(
            timeoutMs / 1000,
          )} s waiting for ${what}`,
        );
      }
      await sleep(1000);
    }
  }

  /** SIGTERM to the whole group, SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (!pid) return;
    if (this.exitCode === null) {
      const exited = new Promise(done => this.child.once('exit', done));
      this.signal('SIGTERM');
      const timer = setTimeout(() => this.signal('SIGKILL'), 10_000);
      await Promise.race([exited, sleep(12_000)]);
      clearTimeout(timer);
    }
    // Children that outlived their parent (the backend under the CLI, rspack workers).
    this.signal('SIGKILL');
    await new Promise<void>(done => this.file.end(done));
  }

  /** Synchronous last resort, for process exit. */
  kill() {
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals) {
    try {
      process.kill(-this.child.pid!, signal);
    } catch {
      // the group is gone
    }
  }
}

/** True when `url` answers 2xx within `timeoutMs`. */
export async function answers(url: string, timeoutMs = 10_000) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.arrayBuffer();
  return response.ok;
}
