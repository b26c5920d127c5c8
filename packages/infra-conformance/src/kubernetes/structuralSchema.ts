/**
 * Validates an object against a CRD's structural OpenAPI v3 schema the way the API server
 * does with strict field validation (`kubectl apply --validate=strict`, Argo CD, Flux):
 * unknown fields are refused (not pruned), types are exact (a YAML boolean is not a string),
 * and enum, pattern, length, range and required hold. CEL rules (`x-kubernetes-validations`)
 * are not evaluated; webhooks are modelled separately (see controllerRules.ts).
 */

/** The parts of an OpenAPI v3 schema a CRD may use. */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  default?: unknown;
}

/** One way an object fails its schema: where, and what the API server would say. */
export interface SchemaProblem {
  path: string;
  message: string;
}

const typeOf = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return typeof value;
};

function typeMatches(schema: OpenApiSchema, value: unknown): boolean {
  const actual = typeOf(value);
  if (schema['x-kubernetes-int-or-string']) {
    return actual === 'integer' || actual === 'string';
  }
  if (!schema.type) return true;
  if (schema.type === 'number')
    return actual === 'number' || actual === 'integer';
  return schema.type === actual;
}

// Value validations only (a structural schema keeps types and properties out of them).
function matchesAlternatives(schema: OpenApiSchema, value: unknown): boolean {
  const ok = (s: OpenApiSchema) => validateSchema(s, value, '').length === 0;
  if (schema.allOf && !schema.allOf.every(ok)) return false;
  if (schema.anyOf && !schema.anyOf.some(ok)) return false;
  if (schema.oneOf && schema.oneOf.filter(ok).length !== 1) return false;
  return true;
}

/** Every problem of `value` against `schema`, with JSON-pointer-like paths (`.spec.size`). */
export function validateSchema(
  schema: OpenApiSchema,
  value: unknown,
  path = '',
): SchemaProblem[] {
  const at = path || '.';
  if (value === null || value === undefined) {
    return schema.nullable || value === undefined
      ? []
      : [{ path: at, message: 'null is not allowed' }];
  }
  if (!typeMatches(schema, value)) {
    const expected = schema['x-kubernetes-int-or-string']
      ? 'integer or string'
      : schema.type;
    return [
      {
        path: at,
        message: `must be ${expected}, got ${typeOf(value)} ${JSON.stringify(
          value,
        )}`,
      },
    ];
  }
  const problems: SchemaProblem[] = [];
  const push = (message: string) => problems.push({ path: at, message });

  if (schema.enum && !schema.enum.some(e => e === value)) {
    push(
      `must be one of ${schema.enum
        .map(e => JSON.stringify(e))
        .join(', ')}; got ${JSON.stringify(value)}`,
    );
  }
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) {
      push(`must match ${schema.pattern}; got ${JSON.stringify(value)}`);
    }
    if (
      schema.maxLength !== undefined &&
      [...value].length > schema.maxLength
    ) {
      push(`is longer than ${schema.maxLength} characters`);
    }
    if (
      schema.minLength !== undefined &&
      [...value].length < schema.minLength
    ) {
      push(`is shorter than ${schema.minLength} characters`);
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      push(`must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      push(`must be <= ${schema.maximum}`);
  }
  if (!matchesAlternatives(schema, value))
    push('matches none of the allowed forms (anyOf/oneOf/allOf)');

  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      push(`needs at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      push(`takes at most ${schema.maxItems} items`);
    if (schema.items) {
      value.forEach((item, i) =>
        problems.push(...validateSchema(schema.items!, item, `${path}[${i}]`)),
      );
    }
  } else if (typeof value === 'object') {
    problems.push(
      ...validateObject(schema, value as Record<string, unknown>, path),
    );
  }
  return problems;
}

// Fields every embedded resource (and the root object) may carry besides its properties.
const EMBEDDED_FIELDS = ['apiVersion', 'kind', 'metadata'];

function validateObject(
  schema: OpenApiSchema,
  value: Record<string, unknown>,
  path: string,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const field of schema.required ?? []) {
    // The API server applies defaults before it validates.
    if (
      value[field] === undefined &&
      schema.properties?.[field]?.default === undefined
    ) {
      problems.push({ path: path || '.', message: `${field} is required` });
    }
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}.${key}`;
    const known = schema.properties?.[key];
    if (known) {
      problems.push(...validateSchema(known, child, childPath));
    } else if (typeof schema.additionalProperties === 'object') {
      problems.push(
        ...validateSchema(schema.additionalProperties, child, childPath),
      );
    } else if (
      schema.additionalProperties === true ||
      schema['x-kubernetes-preserve-unknown-fields'] ||
      (schema['x-kubernetes-embedded-resource'] &&
        EMBEDDED_FIELDS.includes(key)) ||
      (!schema.properties && schema.type !== 'object')
    ) {
      // Kept as is: a free-form object, or the embedded resource's own header.
    } else {
      problems.push({ path: childPath, message: 'unknown field' });
    }
  }
  return problems;
}
