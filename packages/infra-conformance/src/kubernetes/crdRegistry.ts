import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  OpenApiSchema,
  SchemaProblem,
  validateSchema,
} from './structuralSchema';
import { metadataProblems } from './objectMeta';

/** A kind the registry can validate: its schema per served version, and its scope. */
interface KindEntry {
  scope: 'Namespaced' | 'Cluster';
  versions: Map<string, OpenApiSchema>;
  source: string;
}

/** A Kubernetes object as it would be sent to the API server. */
export interface KubernetesObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
  [field: string]: unknown;
}

const free: OpenApiSchema = {
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
};

// Fields Crossplane adds to every composite's and claim's schema (it generates the CRD from
// the XRD): leave them open, the XRD defines the rest.
const CROSSPLANE_SPEC_FIELDS = [
  'crossplane',
  'compositionRef',
  'compositionSelector',
  'compositionRevisionRef',
  'compositionRevisionSelector',
  'compositionUpdatePolicy',
  'compositeDeletePolicy',
  'claimRef',
  'resourceRef',
  'resourceRefs',
  'writeConnectionSecretToRef',
  'publishConnectionDetailsTo',
];

function withCrossplaneFields(schema: OpenApiSchema): OpenApiSchema {
  const spec = schema.properties?.spec ?? { type: 'object' };
  return {
    ...schema,
    properties: {
      ...schema.properties,
      spec: {
        ...spec,
        properties: {
          ...spec.properties,
          ...Object.fromEntries(CROSSPLANE_SPEC_FIELDS.map(f => [f, free])),
        },
      },
      status: free,
    },
  };
}

/**
 * The kinds of a set of CRDs and Crossplane XRDs, and strict validation of objects against
 * them (see structuralSchema.ts).
 */
export class CrdRegistry {
  private readonly kinds = new Map<string, KindEntry>();

  /** Every CRD and XRD in the given files (YAML streams). */
  static fromFiles(files: string[]): CrdRegistry {
    const registry = new CrdRegistry();
    for (const file of files) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        registry.add(doc.toJS(), path.basename(file));
      }
    }
    return registry;
  }

  /** Adds a CustomResourceDefinition or a CompositeResourceDefinition. */
  add(definition: any, source: string): void {
    const { group } = definition.spec;
    const versions = (definition.spec.versions ?? []).filter(
      (v: any) => v.served,
    );
    const schemas = (transform: (s: OpenApiSchema) => OpenApiSchema) =>
      new Map<string, OpenApiSchema>(
        versions.map((v: any) => [v.name, transform(v.schema.openAPIV3Schema)]),
      );
    if (definition.kind === 'CustomResourceDefinition') {
      this.set(group, definition.spec.names.kind, {
        scope: definition.spec.scope,
        versions: schemas(s => s),
        source,
      });
      return;
    }
    if (definition.kind !== 'CompositeResourceDefinition') {
      throw new Error(
        `${source}: ${definition.kind} is not a (composite) resource definition`,
      );
    }
    // apiextensions.crossplane.io/v2 defaults to Namespaced XRs; v1 XRDs are cluster-scoped
    // (LegacyCluster) and may offer a namespaced claim.
    const v2 = definition.apiVersion === 'apiextensions.crossplane.io/v2';
    const scope =
      v2 && definition.spec.scope !== 'Cluster' ? 'Namespaced' : 'Cluster';
    this.set(group, definition.spec.names.kind, {
      scope,
      versions: schemas(withCrossplaneFields),
      source,
    });
    if (definition.spec.claimNames) {
      this.set(group, definition.spec.claimNames.kind, {
        scope: 'Namespaced',
        versions: schemas(withCrossplaneFields),
        source,
      });
    }
  }

  private set(group: string, kind: string, entry: KindEntry) {
    this.kinds.set(`${group}/${kind}`, entry);
  }

  /** Whether the registry knows this object's kind. */
  knows(object: KubernetesObject): boolean {
    const [group] = splitApiVersion(String(object.apiVersion));
    return this.kinds.has(`${group}/${String(object.kind)}`);
  }

  /**
   * Every problem the API server would report for this object (empty when it is accepted).
   * `embedded`: a function input, which has a kind and a schema but is no API object (no metadata).
   */
  validate(
    object: KubernetesObject,
    options: { embedded?: boolean } = {},
  ): SchemaProblem[] {
    const [group, version] = splitApiVersion(String(object.apiVersion));
    const entry = this.kinds.get(`${group}/${String(object.kind)}`);
    if (!entry) {
      return [
        {
          path: '.kind',
          message: `no CRD for ${object.apiVersion} ${object.kind} in the registry`,
        },
      ];
    }
    const schema = entry.versions.get(version);
    if (!schema) {
      return [
        {
          path: '.apiVersion',
          message: `${object.apiVersion} is not served by ${
            entry.source
          }; served: ${[...entry.versions.keys()].join(', ')}`,
        },
      ];
    }
    const { apiVersion: _a, kind: _k, metadata, ...rest } = object;
    const header = ['apiVersion', 'kind', 'metadata'];
    const body: OpenApiSchema = {
      ...schema,
      required: schema.required?.filter(field => !header.includes(field)),
      properties: Object.fromEntries(
        Object.entries(schema.properties ?? {}).filter(
          ([key]) => !header.includes(key),
        ),
      ),
    };
    return [
      ...(options.embedded && metadata === undefined
        ? []
        : metadataProblems(metadata, entry.scope)),
      ...validateSchema(body, rest, ''),
    ];
  }
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? ['', apiVersion]
    : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
