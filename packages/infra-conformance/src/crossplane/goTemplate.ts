import { execFileSync, spawnSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';

// eslint-disable-next-line no-restricted-syntax
const SOURCE_DIR = path.resolve(__dirname, '../../gotemplate');
// Debian's golang-github-masterminds-sprig-dev installs Sprig and its dependencies here.
const DEBIAN_GOPATH = '/usr/share/gocode';

const INSTALL_HINT =
  'install Go and Sprig from Debian: apt-get install golang-go golang-github-masterminds-sprig-dev (scripts/install-test-tools.sh does it)';

let binary: string | undefined;

/** Builds the Go renderer once per source version (a few seconds), into the temp dir. */
function rendererBinary(): string {
  if (binary) return binary;
  const source = fs.readFileSync(path.join(SOURCE_DIR, 'main.go'));
  const hash = crypto
    .createHash('sha256')
    .update(source)
    .digest('hex')
    .slice(0, 12);
  const out = path.join(os.tmpdir(), `datastores-gotemplate-${hash}`);
  if (!fs.existsSync(out)) {
    if (
      !fs.existsSync(
        path.join(DEBIAN_GOPATH, 'src/github.com/Masterminds/sprig'),
      )
    ) {
      throw new Error(`Sprig's Go sources are missing: ${INSTALL_HINT}`);
    }
    try {
      execFileSync('go', ['build', '-o', `${out}.${process.pid}.tmp`, '.'], {
        cwd: SOURCE_DIR,
        env: {
          ...process.env,
          GOPATH: DEBIAN_GOPATH,
          GO111MODULE: 'off',
          GOFLAGS: '',
          GOCACHE: path.join(os.tmpdir(), 'datastores-gocache'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const e = error as { code?: string; stderr?: Buffer };
      if (e.code === 'ENOENT')
        throw new Error(`go is not installed: ${INSTALL_HINT}`);
      throw new Error(`go build failed: ${e.stderr?.toString() ?? error}`);
    }
    fs.renameSync(`${out}.${process.pid}.tmp`, out);
  }
  binary = out;
  return out;
}

/**
 * Executes a function-go-templating template on a RunFunctionRequest (as a plain object)
 * with Go's text/template and Sprig: the real template engine, not a look-alike.
 * Throws with Go's own message when the template does not parse or execute.
 */
export function executeGoTemplate(template: string, request: object): string {
  const result = spawnSync(rendererBinary(), [], {
    input: JSON.stringify({ template, request }),
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      result.stderr.trim() || `the Go renderer exited with ${result.status}`,
    );
  }
  return result.stdout;
}
