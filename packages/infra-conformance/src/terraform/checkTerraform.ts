import { parse } from '@cdktn/hcl2json';
import { BlockSchema, ProviderSchema } from './providerSchemas';
import { satisfies } from './versionConstraint';

/**
 * Checks a Terraform root module against the pinned providers' schemas, as `terraform
 * validate` would after `init`: every resource, data source and ephemeral resource type exists;
 * every argument is one the type takes and may be set; blocks are written as blocks (not
 * `x = { ... }`); required arguments are present; references point at declared objects and
 * attributes their type has; ephemeral values appear only in write-only arguments (Terraform
 * refuses them elsewhere); required_providers declares each provider with a constraint that
 * admits the pinned version; and a module using write-only arguments cannot run on Terraform
 * 1.11.0, which fails on them (hashicorp/terraform#36603).
 *
 * `*_wo` arguments are write-only: the AWS and random schemas here do not flag write-only
 * attributes, and the providers name every one of them so.
 */

const META_ARGUMENTS = [
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'connection',
  'provisioner',
];
const LIFECYCLE_ARGUMENTS = [
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
];
const OUTPUT_ARGUMENTS = [
  'value',
  'description',
  'sensitive',
  'ephemeral',
  'depends_on',
  'precondition',
];
const VARIABLE_ARGUMENTS = [
  'type',
  'default',
  'description',
  'sensitive',
  'nullable',
  'validation',
  'ephemeral',
];
const FIRST_WRITE_ONLY_TERRAFORM = '1.11.1';

type Json = any;

/** A problem found in a module: which file-level address, and what is wrong. */
export interface TerraformProblem {
  at: string;
  message: string;
}

interface Declared {
  kind: 'resource' | 'data' | 'ephemeral';
  type: string;
  name: string;
}

const isWriteOnly = (name: string, schema?: { writeOnly?: boolean }) =>
  schema?.writeOnly === true || name.endsWith('_wo');

// String literals inside an expression are not references.
const stripLiterals = (expression: string) =>
  expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');

/** The references (`aws_db_instance.this.address`, `ephemeral.x.y.z`, `var.a`) in a value. */
export function referencesIn(value: Json): string[] {
  const found: string[] = [];
  const visit = (v: Json) => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\$\{([\s\S]*)\}/g)) {
        const expression = stripLiterals(m[1]);
        for (const r of expression.matchAll(
          /(?<![\w.])((?:data|ephemeral)\.[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_]+)?|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_]+)?|(?:var|local|module)\.[A-Za-z0-9_-]+)/g,
        )) {
          found.push(r[1]);
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

/** Parses the module's files (name → HCL text) and merges them, as Terraform reads a directory. */
async function readModule(files: Record<string, string>): Promise<Json[]> {
  return Promise.all(
    Object.entries(files).map(([name, text]) => parse(name, text)),
  );
}

// A schema read from a provider's unreleased line after x.y.z is what release x.(y+1) ships.
function releaseOf(version: string): string {
  const [base, build] = version.split('+');
  if (!build?.startsWith('unreleased')) return base;
  const [major, minor] = base.split('.').map(Number);
  return `${major}.${minor + 1}.0`;
}

function providerOf(type: string): string {
  return type.split('_')[0];
}

/** Every problem of one root module (empty when `terraform validate` would pass). */
export async function checkTerraformModule(
  files: Record<string, string>,
  providers: ProviderSchema[],
): Promise<TerraformProblem[]> {
  const parsed = await readModule(files);
  const problems: TerraformProblem[] = [];
  const problem = (at: string, message: string) =>
    problems.push({ at, message });
  const types: Record<string, BlockSchema> = Object.assign(
    {},
    ...providers.map(p => p.types),
  );

  const declared = new Map<string, Declared>();
  const variables = new Set<string>();
  const locals = new Set<string>();
  let usesWriteOnly = false;

  for (const file of parsed) {
    for (const kind of ['resource', 'data', 'ephemeral'] as const) {
      for (const [type, byName] of Object.entries<Json>(file[kind] ?? {})) {
        for (const name of Object.keys(byName)) {
          const address =
            kind === 'resource' ? `${type}.${name}` : `${kind}.${type}.${name}`;
          if (declared.has(address)) problem(address, 'declared twice');
          declared.set(address, { kind, type, name });
        }
      }
    }
    for (const name of Object.keys(file.variable ?? {})) variables.add(name);
    for (const block of file.locals ?? [])
      for (const name of Object.keys(block)) locals.add(name);
  }

  // A reference is valid when it names a declared object and an attribute its type has.
  const checkReference = (at: string, ref: string) => {
    const parts = ref.split('.');
    if (parts[0] === 'var') {
      if (!variables.has(parts[1]))
        problem(at, `${ref}: no variable "${parts[1]}" is declared`);
      return;
    }
    if (parts[0] === 'local') {
      if (!locals.has(parts[1]))
        problem(at, `${ref}: no local "${parts[1]}" is declared`);
      return;
    }
    if (parts[0] === 'module') return;
    const [kind, type, name, attribute] =
      parts[0] === 'data' || parts[0] === 'ephemeral'
        ? [parts[0], parts[1], parts[2], parts[3]]
        : ['resource', parts[0], parts[1], parts[2]];
    const address =
      kind === 'resource' ? `${type}.${name}` : `${kind}.${type}.${name}`;
    if (!declared.has(address)) {
      problem(at, `${ref}: ${address} is not declared in this module`);
      return;
    }
    const schema = types[`${kind}.${type}`];
    if (
      attribute &&
      schema &&
      !schema.partial &&
      !(attribute in schema.attributes) &&
      !(attribute in schema.blocks)
    ) {
      problem(at, `${ref}: ${kind} ${type} has no attribute "${attribute}"`);
    }
  };

  const checkEphemeralUse = (at: string, value: Json) => {
    for (const ref of referencesIn(value)) {
      if (ref.startsWith('ephemeral.')) {
        problem(
          at,
          `${ref} is ephemeral: Terraform accepts ephemeral values only in write-only arguments, ephemeral resources, providers and ephemeral outputs`,
        );
      }
    }
  };

  const addressOf = (ref: string) => {
    const parts = ref.split('.');
    return parts[0] === 'data' || parts[0] === 'ephemeral'
      ? parts.slice(0, 3).join('.')
      : parts.slice(0, 2).join('.');
  };
  const isManaged = (ref: string) =>
    !/^(data|ephemeral|var|local|module)\./.test(ref);

  // A write-only value is sent on create and when its version changes, never read back: if it
  // is built from another resource's attributes (a host, a password), a replacement of that
  // resource must write it again.
  const checkWriteOnlyFollows = (
    where: string,
    key: string,
    body: Json,
    triggers: string[],
  ) => {
    const versionRefs = referencesIn(body[`${key}_version`]).map(addressOf);
    for (const source of new Set(
      referencesIn(body[key]).filter(isManaged).map(addressOf),
    )) {
      if (!triggers.includes(source) && !versionRefs.includes(source)) {
        problem(
          where,
          `"${key}" is write-only and built from ${source}: when ${source} is replaced it keeps the old value; add ${source} to lifecycle.replace_triggered_by (or derive ${key}_version from it)`,
        );
      }
    }
  };

  // Sensitive attributes copied into a normal argument are stored in the state in clear.
  const checkSensitiveUse = (where: string, value: Json) => {
    for (const ref of referencesIn(value)) {
      const parts = ref.split('.');
      if (!isManaged(ref) && parts[0] !== 'data') continue;
      const [kind, type, attribute] =
        parts[0] === 'data'
          ? ['data', parts[1], parts[3]]
          : ['resource', parts[0], parts[2]];
      if (
        attribute &&
        types[`${kind}.${type}`]?.attributes[attribute]?.sensitive
      ) {
        problem(
          where,
          `${ref} is sensitive: in a normal argument it is stored in the state; use a write-only argument`,
        );
      }
    }
  };

  const checkBody = (
    at: string,
    body: Json,
    schema: BlockSchema,
    ephemeralAllowed: boolean,
    triggers: string[] = [],
  ) => {
    for (const [name, attr] of Object.entries(schema.attributes)) {
      if (attr.required && body[name] === undefined)
        problem(at, `the argument "${name}" is required`);
    }
    for (const [name, block] of Object.entries(schema.blocks)) {
      if (block.required && body[name] === undefined)
        problem(at, `a "${name}" block is required`);
    }
    for (const [key, value] of Object.entries<Json>(body)) {
      const where = `${at}.${key}`;
      for (const ref of referencesIn(value)) checkReference(where, ref);
      const attribute = schema.attributes[key];
      const block = schema.blocks[key];
      if (attribute) {
        if (
          attribute.settable === false ||
          (attribute.computed && !attribute.optional && !attribute.required)
        ) {
          problem(where, `"${key}" is computed: it cannot be set`);
        }
        if (isWriteOnly(key, attribute)) {
          usesWriteOnly = true;
          const version = `${key}_version`;
          if (schema.attributes[version] && body[version] === undefined) {
            problem(
              where,
              `"${key}" is write-only and only sent when "${version}" changes: set ${version}`,
            );
          }
          checkWriteOnlyFollows(where, key, body, triggers);
        } else {
          if (!ephemeralAllowed) checkEphemeralUse(where, value);
          checkSensitiveUse(where, value);
        }
      } else if (block) {
        if (!Array.isArray(value)) {
          problem(
            where,
            `"${key}" is a block: write ${key} { ... }, not ${key} = { ... }`,
          );
          continue;
        }
        if (!block.partial)
          value.forEach((b: Json, i: number) =>
            checkBody(`${where}[${i}]`, b, block, ephemeralAllowed),
          );
      } else if (!schema.partial) {
        problem(where, `unsupported argument "${key}"`);
      }
    }
  };

  for (const file of parsed) {
    for (const kind of ['resource', 'data', 'ephemeral'] as const) {
      for (const [type, byName] of Object.entries<Json>(file[kind] ?? {})) {
        const schema = types[`${kind}.${type}`];
        for (const [name, bodies] of Object.entries<Json>(byName)) {
          const at =
            kind === 'resource' ? `${type}.${name}` : `${kind}.${type}.${name}`;
          if (!schema) {
            problem(
              at,
              `no schema for ${kind} type ${type} in the pinned providers`,
            );
            continue;
          }
          for (const body of bodies) {
            const { lifecycle, ...rest } = body;
            for (const meta of META_ARGUMENTS) delete rest[meta];
            const triggers = (lifecycle ?? []).flatMap((l: Json) =>
              referencesIn(l.replace_triggered_by ?? []).map(addressOf),
            );
            for (const l of lifecycle ?? []) {
              for (const key of Object.keys(l)) {
                if (!LIFECYCLE_ARGUMENTS.includes(key))
                  problem(
                    `${at}.lifecycle`,
                    `unsupported lifecycle argument "${key}"`,
                  );
              }
              for (const ref of referencesIn(l.replace_triggered_by ?? []))
                checkReference(`${at}.lifecycle`, ref);
            }
            checkBody(at, rest, schema, kind === 'ephemeral', triggers);
          }
        }
      }
    }
    for (const [name, bodies] of Object.entries<Json>(file.provider ?? {})) {
      const schema = types[`provider.${name}`];
      if (!schema)
        problem(`provider.${name}`, `no schema for provider ${name}`);
      else
        for (const body of bodies) {
          const { alias: _alias, ...rest } = body;
          checkBody(`provider.${name}`, rest, schema, true);
        }
    }
    for (const [name, bodies] of Object.entries<Json>(file.output ?? {})) {
      for (const body of bodies) {
        const at = `output.${name}`;
        for (const key of Object.keys(body))
          if (!OUTPUT_ARGUMENTS.includes(key))
            problem(at, `unsupported argument "${key}"`);
        if (body.value === undefined)
          problem(at, 'the argument "value" is required');
        for (const ref of referencesIn(body.value)) checkReference(at, ref);
        if (body.ephemeral !== true) checkEphemeralUse(at, body.value);
      }
    }
    for (const [name, bodies] of Object.entries<Json>(file.variable ?? {})) {
      for (const body of bodies) {
        for (const key of Object.keys(body))
          if (!VARIABLE_ARGUMENTS.includes(key))
            problem(`variable.${name}`, `unsupported argument "${key}"`);
      }
    }
  }

  // terraform { required_version, required_providers }
  const settings = parsed.flatMap(f => f.terraform ?? []);
  const requiredVersion: string | undefined = settings.find(
    s => s.required_version,
  )?.required_version;
  const required: Record<string, { source?: string; version?: string }> =
    Object.assign({}, ...settings.flatMap(s => s.required_providers ?? []));
  if (usesWriteOnly) {
    if (!requiredVersion) {
      problem(
        'terraform',
        `write-only arguments need Terraform >= ${FIRST_WRITE_ONLY_TERRAFORM}: set required_version`,
      );
    } else if (satisfies('1.11.0', requiredVersion)) {
      problem(
        'terraform',
        `required_version "${requiredVersion}" admits Terraform 1.11.0, which fails on ephemeral values in write-only arguments (hashicorp/terraform#36603): use ">= ${FIRST_WRITE_ONLY_TERRAFORM}"`,
      );
    }
  }
  const used = new Set([...declared.values()].map(d => providerOf(d.type)));
  for (const file of parsed)
    for (const name of Object.keys(file.provider ?? {})) used.add(name);
  for (const local of used) {
    const pinned = providers.find(
      p =>
        p.types[`provider.${local}`] ||
        Object.keys(p.types).some(k =>
          k.split('.')[1]?.startsWith(`${local}_`),
        ),
    );
    const entry = required[local];
    if (!entry?.source) {
      problem(
        'terraform.required_providers',
        `provider "${local}" is used but not declared with a source`,
      );
      continue;
    }
    if (pinned && !pinned.provider.endsWith(`/${entry.source}`)) {
      problem(
        'terraform.required_providers',
        `provider "${local}" has source ${entry.source}, but the checked schema is ${pinned.provider}`,
      );
    }
    if (
      pinned &&
      entry.version &&
      !satisfies(releaseOf(pinned.version), entry.version)
    ) {
      problem(
        'terraform.required_providers',
        `provider "${local}" version "${entry.version}" excludes ${pinned.version}, the schema checked here`,
      );
    }
  }
  return problems;
}
