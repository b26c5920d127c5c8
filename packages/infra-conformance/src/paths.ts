import fs from 'fs';
import path from 'path';

// eslint-disable-next-line no-restricted-syntax
const ROOT = path.resolve(__dirname, '../../..');

/** The vendored real schemas (see schemas/PROVENANCE.tsv). */
export const SCHEMAS = path.join(ROOT, 'packages/infra-conformance/schemas');
/** The starters the pull requests land in. */
export const INFRA = path.join(ROOT, 'examples/infra');

/** Every file under `dir` whose name matches. */
export function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, pattern);
    return pattern.test(entry.name) ? [full] : [];
  });
}
