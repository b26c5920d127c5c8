import fs from 'fs';
import path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';

/**
 * Checks a GitHub Actions workflow as GitHub would before it runs: the file against
 * SchemaStore's workflow schema, and every `uses: owner/name@ref` step's `with:` against the
 * inputs its action.yml declares. Returns human-readable problems (empty when it is fine).
 */

type Json = any;

// One compiled schema per schemas directory: compiling SchemaStore's schema is slow.
const validators = new Map<string, ValidateFunction>();

function workflowValidator(schemasDir: string): ValidateFunction {
  let validate = validators.get(schemasDir);
  if (!validate) {
    const schema = JSON.parse(
      fs.readFileSync(path.join(schemasDir, 'github-workflow.json'), 'utf8'),
    );
    // Draft-07 schema; strict off because SchemaStore uses keywords Ajv's strict mode rejects.
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    validate = ajv.compile(schema);
    validators.set(schemasDir, validate);
  }
  return validate;
}

// The inputs of a vendored action.yml (`schemas/actions/<owner>_<name>@<ref>.yml`), or undefined.
function actionInputs(
  schemasDir: string,
  uses: string,
): Record<string, Json> | undefined {
  const match = /^([^/@\s]+)\/([^/@\s]+)@([^/@\s]+)$/.exec(uses);
  if (!match) return undefined;
  const file = path.join(
    schemasDir,
    'actions',
    `${match[1]}_${match[2]}@${match[3]}.yml`,
  );
  if (!fs.existsSync(file)) return undefined;
  return parseDocument(fs.readFileSync(file, 'utf8')).toJS()?.inputs ?? {};
}

function checkStep(
  schemasDir: string,
  at: string,
  step: Json,
  problems: string[],
): void {
  const uses = step?.uses;
  if (typeof uses !== 'string') return;
  const inputs = actionInputs(schemasDir, uses);
  if (!inputs) {
    problems.push(`${at}: uses ${uses}: not checked: add its action.yml`);
    return;
  }
  // GitHub matches input names case-insensitively.
  const declared = new Map(
    Object.entries(inputs).map(([name, spec]) => [name.toLowerCase(), spec]),
  );
  const given = new Set(
    Object.keys(step.with ?? {}).map(name => name.toLowerCase()),
  );
  for (const name of Object.keys(step.with ?? {})) {
    if (!declared.has(name.toLowerCase()))
      problems.push(`${at}: ${uses} has no input "${name}"`);
  }
  for (const [name, spec] of declared) {
    const required = spec?.required === true || spec?.required === 'true';
    if (required && spec?.default === undefined && !given.has(name))
      problems.push(`${at}: ${uses} requires input "${name}"`);
  }
}

/** Every problem of one workflow file's YAML text. */
export function checkWorkflow(text: string, schemasDir: string): string[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return doc.errors.map(e => `YAML: ${e.message}`);
  const workflow = doc.toJS();
  const problems: string[] = [];

  const validate = workflowValidator(schemasDir);
  if (!validate(workflow)) {
    for (const error of validate.errors ?? []) {
      const extra = error.params?.additionalProperty;
      problems.push(
        `schema: ${error.instancePath || '/'} ${error.message}${
          extra ? `: "${extra}"` : ''
        }`,
      );
    }
  }

  for (const [jobId, job] of Object.entries<Json>(workflow?.jobs ?? {})) {
    // A reusable workflow (job-level uses) has no action.yml to check its inputs against.
    if (typeof job?.uses === 'string')
      problems.push(`jobs.${jobId}: uses ${job.uses}: not checked`);
    (Array.isArray(job?.steps) ? job.steps : []).forEach(
      (step: Json, i: number) =>
        checkStep(schemasDir, `jobs.${jobId}.steps[${i}]`, step, problems),
    );
  }
  return problems;
}
