import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { CrdRegistry } from '../kubernetes/crdRegistry';
import { checkTerraformModule } from '../terraform/checkTerraform';
import { loadProviderSchemas } from '../terraform/providerSchemas';
import { INFRA, SCHEMAS, filesUnder } from '../paths';
import { readYaml11 } from './gitopsRegistry';

/**
 * What the starters ship, as they are: every YAML object against its real CRD, every
 * Terraform module against the pinned providers, the Compositions' function references
 * against the shipped Function packages, and the RBAC against every kind composed.
 * (gitops.test.ts runs the Compositions themselves.)
 */
const relative = (file: string) => path.relative(INFRA, file);
const crds = CrdRegistry.fromFiles(
  filesUnder(path.join(SCHEMAS, 'crds'), /\.yaml$/),
);
const crossplaneDir = path.join(INFRA, 'gitops/crossplane');
const yamlOf = (file: string) => readYaml11(fs.readFileSync(file, 'utf8'));

describe('GitOps starter', () => {
  const objects = filesUnder(path.join(INFRA, 'gitops'), /\.ya?ml$/).flatMap(
    file => yamlOf(file).map(object => ({ file: relative(file), object })),
  );

  it('every YAML document parses as YAML 1.1', () => {
    for (const file of filesUnder(INFRA, /\.ya?ml$/)) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'), {
        version: '1.1',
      })) {
        expect({ file: relative(file), errors: doc.errors }).toEqual({
          file: relative(file),
          errors: [],
        });
      }
    }
  });

  it('every object of a vendored kind is accepted by its CRD', () => {
    const checked = objects.filter(({ object }) => crds.knows(object));
    expect(checked.map(c => c.object.kind).sort()).toEqual(
      expect.arrayContaining([
        'ClusterSecretStore',
        'Composition',
        'CompositeResourceDefinition',
      ]),
    );
    const problems = checked.flatMap(({ file, object }) =>
      crds
        .validate(object)
        .map(p => `${file}: ${object.kind} ${p.path} ${p.message}`),
    );
    expect(problems).toEqual([]);
  });

  const compositions = objects.filter(o => o.object.kind === 'Composition');

  it('every Composition step runs a shipped Function, with an input its CRD accepts', () => {
    const functions = yamlOf(path.join(crossplaneDir, 'functions.yaml'));
    const shipped = new Set(functions.map(f => f.metadata.name));
    for (const f of functions) {
      expect(f).toMatchObject({
        apiVersion: 'pkg.crossplane.io/v1',
        kind: 'Function',
      });
      expect(f.spec.package).toMatch(
        /^xpkg\.crossplane\.io\/crossplane-contrib\/[a-z-]+:v\d+\.\d+\.\d+$/,
      );
    }
    expect(compositions.length).toBe(4);
    for (const { file, object } of compositions) {
      for (const step of object.spec.pipeline) {
        expect({
          file,
          fn: step.functionRef.name,
          shipped: shipped.has(step.functionRef.name),
        }).toEqual({
          file,
          fn: step.functionRef.name,
          shipped: true,
        });
        const problems = step.input
          ? crds.validate(step.input, { embedded: true })
          : [];
        expect({ file, problems }).toEqual({ file, problems: [] });
      }
    }
  });

  it('the claim-shape Compositions run the same pipeline as the xr ones', () => {
    for (const kind of ['postgresinstance', 'cacheinstance']) {
      const [xr] = yamlOf(
        path.join(crossplaneDir, `compositions/${kind}.composition.yaml`),
      );
      const [claim] = yamlOf(
        path.join(crossplaneDir, `compositions/claim/${kind}.composition.yaml`),
      );
      expect(claim.spec.pipeline).toEqual(xr.spec.pipeline);
      expect(claim.spec.compositeTypeRef.kind).toBe(
        `X${xr.spec.compositeTypeRef.kind}`,
      );
    }
  });

  it('every Composition reads only fields its XRD defines', () => {
    for (const { file, object } of compositions) {
      const shape = file.includes('/claim/') ? 'v1' : 'v2';
      const kind = object.spec.compositeTypeRef.kind
        .replace(/^X/, '')
        .toLowerCase();
      const [xrd] = yamlOf(path.join(crossplaneDir, shape, `${kind}.xrd.yaml`));
      const specSchema =
        xrd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
      const template: string = object.spec.pipeline[0].input.inline.template;
      const read = [...template.matchAll(/\$spec((?:\.[a-zA-Z]+)+)/g)].map(m =>
        m[1].slice(1),
      );
      expect(read.length).toBeGreaterThan(3);
      for (const fieldPath of new Set(read)) {
        let schema = specSchema;
        for (const key of fieldPath.split('.'))
          schema = schema?.properties?.[key];
        expect({ file, fieldPath, defined: schema !== undefined }).toEqual({
          file,
          fieldPath,
          defined: true,
        });
      }
    }
  });

  it("aggregates to Crossplane's role the rights to create every composed kind", () => {
    const [role] = yamlOf(path.join(crossplaneDir, 'rbac.yaml'));
    expect(
      role.metadata.labels['rbac.crossplane.io/aggregate-to-crossplane'],
    ).toBe('true');
    const pluralOf = new Map(
      filesUnder(path.join(SCHEMAS, 'crds'), /\.yaml$/)
        .flatMap(f => yamlOf(f))
        .map(crd => [
          `${crd.spec.group}/${crd.spec.names.kind}`,
          crd.spec.names.plural,
        ]),
    );
    const composedKinds = new Set<string>();
    for (const { object } of compositions) {
      const template: string = object.spec.pipeline[0].input.inline.template;
      // Top-level documents only (a requirement's apiVersion is read, not composed).
      for (const m of template.matchAll(
        /^apiVersion: ([a-z0-9.-]+)\/[a-z0-9]+\nkind: (\w+)/gm,
      )) {
        if (!m[1].startsWith('meta.gotemplating'))
          composedKinds.add(`${m[1]}/${m[2]}`);
      }
    }
    expect(composedKinds.size).toBe(7);
    for (const kind of composedKinds) {
      const [group] = kind.split('/');
      const plural = pluralOf.get(kind);
      const rule = role.rules.find(
        (r: any) => r.apiGroups.includes(group) && r.resources.includes(plural),
      );
      expect({ kind, verbs: rule?.verbs }).toEqual({
        kind,
        verbs: expect.arrayContaining(['create', 'update', 'delete']),
      });
    }
  });
});

describe('Terraform starter', () => {
  const providers = loadProviderSchemas(
    ['aws.json', 'random.json'].map(f => path.join(SCHEMAS, 'providers', f)),
  );
  const modules = [
    ...new Set(
      filesUnder(path.join(INFRA, 'terraform'), /\.tf$/).map(f =>
        path.dirname(f),
      ),
    ),
  ];

  it.each(modules.map(dir => [relative(dir), dir]))(
    '%s would pass terraform validate',
    async (_name, dir) => {
      const files = Object.fromEntries(
        fs
          .readdirSync(dir)
          .filter(f => f.endsWith('.tf'))
          .map(f => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
      );
      expect(await checkTerraformModule(files, providers)).toEqual([]);
    },
  );
});
