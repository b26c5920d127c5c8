import path from 'path';
import { parseAllDocuments } from 'yaml';
import fs from 'fs';
import { CrdRegistry } from '../kubernetes/crdRegistry';
import { INFRA, SCHEMAS, filesUnder } from '../paths';

/** The real CRDs plus the starter's XRDs of one shape (both shapes define the same kinds). */
export function gitopsRegistry(shape: 'xr' | 'claim'): CrdRegistry {
  return CrdRegistry.fromFiles([
    ...filesUnder(path.join(SCHEMAS, 'crds'), /\.yaml$/),
    ...filesUnder(
      path.join(INFRA, `gitops/crossplane/${shape === 'xr' ? 'v2' : 'v1'}`),
      /\.xrd\.yaml$/,
    ),
  ]);
}

/** The Composition of the starter for a composite kind, in a shape. */
export function starterComposition(shape: 'xr' | 'claim', kind: string): any {
  const file = path.join(
    INFRA,
    'gitops/crossplane/compositions',
    shape === 'xr' ? '' : 'claim',
    `${kind.toLowerCase()}.composition.yaml`,
  );
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))[0].toJS();
}

/** YAML as the API server, Argo CD and Flux read it: YAML 1.1 (`on` is a boolean). */
export function readYaml11(text: string): any[] {
  return parseAllDocuments(text, { version: '1.1' }).map(doc => {
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    return doc.toJS();
  });
}
