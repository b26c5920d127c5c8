import Ajv, { ValidateFunction } from 'ajv';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';

/** Test-only: loads the XRDs shipped in examples/infra/gitops and validates objects with them. */
export const XRD_DIR = path.resolve(
  // Tests run from the source tree, where the repo's examples are.
  // eslint-disable-next-line no-restricted-syntax
  __dirname,
  '../../../../../examples/infra/gitops/crossplane',
);

interface Xrd {
  apiVersion: string;
  spec: {
    scope?: string;
    group: string;
    names: { kind: string };
    claimNames?: { kind: string };
    versions: Array<{ name: string; schema: { openAPIV3Schema: any } }>;
  };
}

/** Closes every object schema, so a field the XRD does not declare fails too. */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) out[key] = closed(value);
  if (schema.properties && schema.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

function celRules(spec: any): string[] {
  const backup = spec?.backup;
  if (!backup) return [];
  const extras = ['schedule', 'retentionDays', 'pitr'].filter(k => k in backup);
  if (backup.enabled && extras.length !== 3) {
    return ['enabled backups need schedule, retentionDays and pitr'];
  }
  if (!backup.enabled && extras.length > 0) {
    return ['disabled backups take no other field'];
  }
  return [];
}

export interface XrdValidator {
  /** Problems of a rendered XR or claim; empty when the shipped XRD accepts it. */
  problems(object: any): string[];
}

export function loadXrds(shape: 'xr' | 'claim'): XrdValidator {
  const dir = path.join(XRD_DIR, shape === 'xr' ? 'v2' : 'v1');
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addKeyword({ keyword: 'x-kubernetes-validations' });
  const byKind = new Map<
    string,
    { apiVersion: string; validate: ValidateFunction }
  >();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.xrd.yaml'))) {
    const xrd: Xrd = parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    if (shape === 'xr') {
      expect(xrd.apiVersion).toBe('apiextensions.crossplane.io/v2');
      expect(xrd.spec.scope).toBe('Namespaced');
    } else {
      expect(xrd.apiVersion).toBe('apiextensions.crossplane.io/v1');
    }
    const kind =
      shape === 'xr' ? xrd.spec.names.kind : xrd.spec.claimNames!.kind;
    for (const version of xrd.spec.versions) {
      byKind.set(kind, {
        apiVersion: `${xrd.spec.group}/${version.name}`,
        validate: ajv.compile(closed(version.schema.openAPIV3Schema)),
      });
    }
  }
  return {
    problems(object) {
      const entry = byKind.get(object.kind);
      if (!entry) return [`no XRD serves kind ${object.kind}`];
      const problems: string[] = [];
      if (object.apiVersion !== entry.apiVersion) {
        problems.push(
          `apiVersion ${object.apiVersion} is not ${entry.apiVersion}`,
        );
      }
      if (!object.metadata?.namespace) problems.push('no metadata.namespace');
      if (!entry.validate({ spec: object.spec })) {
        problems.push(ajv.errorsText(entry.validate.errors));
      }
      problems.push(...celRules(object.spec));
      return problems;
    },
  };
}
