import { parseAllDocuments } from 'yaml';
import { executeGoTemplate } from './goTemplate';

/** Readiness of a desired composed resource, as functions report it. */
export type Readiness = 'True' | 'False' | 'Unspecified';

/** A composed resource a function wants, by its composition-resource-name. */
export interface DesiredComposed {
  resource: Record<string, any>;
  ready: Readiness;
}

/** What one run of function-go-templating asks Crossplane for. */
export interface GoTemplatingResult {
  composed: Record<string, DesiredComposed>;
  /** ExtraResources requirements (resources Crossplane fetches for the next run). */
  requirements: Record<string, Record<string, unknown>>;
}

const NAME_ANNOTATION =
  'gotemplating.fn.crossplane.io/composition-resource-name';
const READY_ANNOTATION = 'gotemplating.fn.crossplane.io/ready';
const META_API_VERSION = 'meta.gotemplating.fn.crossplane.io/v1alpha1';

/**
 * Runs a GoTemplate input (source: Inline) the way function-go-templating does
 * (fn.go at the commit in schemas/PROVENANCE.tsv): Go text/template + Sprig, then the
 * manifests decoded as Kubernetes decodes YAML (sigs.k8s.io/yaml, YAML 1.1: `on`, `yes`, `no`
 * are booleans), annotations required to be strings, every composed resource named by its
 * composition-resource-name annotation, readiness from the ready annotation.
 * Throws with the function's own wording where the function would return a Fatal result.
 */
export function runGoTemplating(
  input: { source?: string; inline?: { template?: string } },
  request: object,
): GoTemplatingResult {
  if (input.source !== 'Inline' || typeof input.inline?.template !== 'string') {
    throw new Error(
      'invalid function input: only source: Inline with inline.template is modelled',
    );
  }
  const manifests = executeGoTemplate(input.inline.template, request);
  const result: GoTemplatingResult = { composed: {}, requirements: {} };

  parseAllDocuments(manifests, { version: '1.1' }).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      throw new Error(
        `cannot decode manifest: document ${index + 1}: ${
          doc.errors[0].message
        }`,
      );
    }
    const object = doc.toJS({ maxAliasCount: -1 });
    if (object === null || object === undefined) return;
    const annotations = object.metadata?.annotations ?? {};
    for (const [key, value] of Object.entries(annotations)) {
      if (typeof value !== 'string') {
        throw new Error(
          `invalid annotations in resource '${object.apiVersion}, Kind=${
            object.kind
          }': ${key} is ${typeof value}, not a string`,
        );
      }
    }
    if (object.apiVersion === META_API_VERSION) {
      if (object.kind !== 'ExtraResources') {
        throw new Error(
          `${object.kind} of ${META_API_VERSION} is not modelled here`,
        );
      }
      Object.assign(result.requirements, object.requirements);
      return;
    }
    const name = annotations[NAME_ANNOTATION];
    if (!name) {
      throw new Error(
        `"${object.kind}" template is missing required "${NAME_ANNOTATION}" annotation`,
      );
    }
    let ready: Readiness = 'Unspecified';
    if (READY_ANNOTATION in annotations) {
      const value = annotations[READY_ANNOTATION];
      if (value !== 'True' && value !== 'False' && value !== 'Unspecified') {
        throw new Error(
          `invalid function input: invalid "${READY_ANNOTATION}" annotation value "${value}": must be True, False, or Unspecified`,
        );
      }
      ready = value;
    }
    // The function removes its own annotations before Crossplane applies the object.
    const kept = Object.fromEntries(
      Object.entries(annotations).filter(
        ([k]) => k !== NAME_ANNOTATION && k !== READY_ANNOTATION,
      ),
    );
    if (object.metadata) {
      if (Object.keys(kept).length > 0) object.metadata.annotations = kept;
      else delete object.metadata.annotations;
    }
    if (result.composed[name]) {
      throw new Error(
        `two templates share the composition-resource-name ${name}`,
      );
    }
    result.composed[name] = { resource: object, ready };
  });
  return result;
}
