import { parse as parseHcl } from '@cdktn/hcl2json';
import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';

/**
 * The infra starters of examples/infra (what the pull requests land in) must fit the files the
 * product renders: every Terraform file parses, every YAML parses, and every Composition reads
 * only fields its XRD defines. (renderDatastore.property.test.ts validates the rendered XRs
 * against these same XRDs.)
 */
// eslint-disable-next-line no-restricted-syntax
const INFRA = path.resolve(__dirname, '../../../../examples/infra');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, pattern);
    return pattern.test(entry.name) ? [full] : [];
  });
}

const relative = (file: string) => path.relative(INFRA, file);

describe('infra starters', () => {
  const terraform = filesUnder(path.join(INFRA, 'terraform'), /\.tf$/);
  const yamlFiles = filesUnder(INFRA, /\.ya?ml$/);

  it('has Terraform files and YAML files to check', () => {
    expect(terraform.length).toBeGreaterThan(0);
    expect(yamlFiles.length).toBeGreaterThan(5);
  });

  it.each(terraform.map(f => [relative(f), f]))(
    'parses %s',
    async (_name, file) => {
      await expect(
        parseHcl(path.basename(file), fs.readFileSync(file, 'utf8')),
      ).resolves.toBeDefined();
    },
  );

  it.each(yamlFiles.map(f => [relative(f), f]))('parses %s', (_name, file) => {
    const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
    for (const doc of docs) expect(doc.errors).toEqual([]);
  });

  it('plans with fmt, validate, AWS OIDC and one concurrency group per state directory', () => {
    const plan = fs.readFileSync(
      path.join(INFRA, 'terraform/.github/workflows/terraform-plan.yml'),
      'utf8',
    );
    expect(plan).toContain('terraform fmt -check');
    expect(plan).toContain('terraform validate');
    expect(plan).toContain('group: terraform-${{ matrix.dir }}');
    expect(plan).toContain('id-token: write');
  });

  const compositions = filesUnder(
    path.join(INFRA, 'gitops/crossplane/compositions'),
    /\.ya?ml$/,
  );
  it.each(compositions.map(f => [relative(f), f]))(
    '%s reads only fields its XRD defines',
    (_name, file) => {
      const [composition] = parseAllDocuments(
        fs.readFileSync(file, 'utf8'),
      ).map(d => d.toJS());
      const kind = composition.spec.compositeTypeRef.kind as string;
      const xrdFile = path.join(
        INFRA,
        `gitops/crossplane/v2/${kind.toLowerCase()}.xrd.yaml`,
      );
      const xrd = parseAllDocuments(fs.readFileSync(xrdFile, 'utf8'))[0].toJS();
      const specSchema =
        xrd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
      const template: string =
        composition.spec.pipeline[0].input.inline.template;

      const read = [...template.matchAll(/\$spec((?:\.[a-zA-Z]+)+)/g)].map(m =>
        m[1].slice(1),
      );
      expect(read.length).toBeGreaterThan(3);
      for (const fieldPath of new Set(read)) {
        let schema = specSchema;
        for (const key of fieldPath.split('.')) {
          schema = schema?.properties?.[key];
        }
        expect({ fieldPath, defined: schema !== undefined }).toEqual({
          fieldPath,
          defined: true,
        });
      }
      // Every composed object carries the service's kubernetes-id label.
      const objects = template
        .split(/^\s*---\s*$/m)
        .filter(part => /^\s*kind:/m.test(part));
      for (const object of objects) {
        expect(object).toContain(
          'backstage.io/kubernetes-id: {{ $spec.service }}',
        );
      }
    },
  );
});
