import fs from 'fs';
import path from 'path';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { parse as parseYaml } from 'yaml';

/**
 * The bootstrap's IAM, read from the HCL: who may assume each role (GitHub OIDC `sub`), and
 * what the plan role, which every pull request can use, is allowed to do.
 */

// eslint-disable-next-line no-restricted-syntax
const STARTER = path.resolve(__dirname, '../../../../examples/infra/terraform');
const SUB = 'token.actions.githubusercontent.com:sub';

type Json = any;
let tf: Json;
let locals: Record<string, Json>;

beforeAll(async () => {
  const file = path.join(STARTER, 'bootstrap/main.tf');
  tf = await parseHcl('main.tf', fs.readFileSync(file, 'utf8'));
  locals = Object.assign({}, ...(tf.locals ?? []));
});

// `${data.aws_iam_policy_document.x.json}` (or `x[0].json`) → that document's statements.
function statementsOf(reference: string): Json[] {
  const match =
    /^\$\{data\.aws_iam_policy_document\.(\w+)(\[0\])?\.json\}$/.exec(
      reference,
    );
  if (!match) throw new Error(`not a policy document reference: ${reference}`);
  return tf.data.aws_iam_policy_document[match[1]][0].statement ?? [];
}

// The resources of a statement, with `${local.x}` replaced by its value.
function resourcesOf(statement: Json): string[] {
  const resolve = (v: Json): Json[] => {
    const local = typeof v === 'string' && /^\$\{local\.(\w+)\}$/.exec(v);
    if (local) return resolve(locals[local[1]]);
    return Array.isArray(v) ? v.flatMap(resolve) : [v];
  };
  return resolve(statement.resources ?? []);
}

const role = (name: string) => tf.resource.aws_iam_role[name][0];
const roleRef = (name: string) =>
  new RegExp(`^\\$\\{aws_iam_role\\.${name}\\.(id|name|arn)\\}$`);

function trustedSubs(roleName: string): string[] {
  const statements = statementsOf(role(roleName).assume_role_policy);
  expect(statements.length).toBeGreaterThan(0);
  return statements.flatMap(statement => {
    const subs = (statement.condition ?? []).filter(
      (c: Json) => c.variable === SUB,
    );
    // A statement without a sub condition would let any repository's workflow in.
    expect({ actions: statement.actions, subConditions: subs.length }).toEqual({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      subConditions: 1,
    });
    expect(subs[0].test).toBe('StringEquals');
    return subs[0].values;
  });
}

// Every statement allowing something to the role, from its inline policies.
function allowedTo(roleName: string): Json[] {
  const policies = Object.values<Json[]>(
    tf.resource.aws_iam_role_policy ?? {},
  ).flatMap(blocks => blocks.filter(b => roleRef(roleName).test(b.role)));
  expect(policies.length).toBeGreaterThan(0);
  return policies
    .flatMap(p => statementsOf(p.policy))
    .filter(s => (s.effect ?? 'Allow') === 'Allow');
}

describe('bootstrap IAM', () => {
  it('the plan role trusts only pull_request runs of the repository', () => {
    expect(trustedSubs('plan')).toEqual([
      'repo:${var.github_repository}:pull_request',
    ]);
  });

  it('the apply role trusts only jobs of the apply environment, which the apply workflow declares', () => {
    expect(trustedSubs('apply')).toEqual([
      'repo:${var.github_repository}:environment:${var.apply_environment}',
    ]);
    const applyEnvironment = tf.variable.apply_environment[0].default;
    expect(applyEnvironment).toBe('production');
    const workflow = parseYaml(
      fs.readFileSync(
        path.join(STARTER, '.github/workflows/terraform-apply.yml'),
        'utf8',
      ),
    );
    expect(workflow.jobs.apply.environment).toBe(applyEnvironment);
  });

  it('no trusted sub has a wildcard', () => {
    for (const name of Object.keys(tf.resource.aws_iam_role)) {
      for (const sub of trustedSubs(name)) expect(sub).not.toMatch(/[*?]/);
    }
  });

  it('no AWS managed FullAccess or ReadWrite policy is attached', () => {
    const attached = [
      ...Object.values<Json[]>(
        tf.resource.aws_iam_role_policy_attachment ?? {},
      ).flatMap(blocks => blocks.map(b => b.policy_arn)),
      ...Object.values<Json[]>(tf.resource.aws_iam_role).flatMap(
        blocks => blocks[0].managed_policy_arns ?? [],
      ),
    ];
    for (const arn of attached) expect(arn).not.toMatch(/FullAccess|ReadWrite/);
    expect(
      fs.readFileSync(path.join(STARTER, 'bootstrap/main.tf'), 'utf8'),
    ).not.toMatch(/arn:aws:iam::aws:policy\/\S*(FullAccess|ReadWrite)/);
  });

  it('the plan role reads, writes only lock files, and cannot read secret values', () => {
    const READ =
      /^(s3:(ListBucket|GetObject)|rds:(Describe|List)\w+|secretsmanager:(Describe\w+|List\w+|GetResourcePolicy)|kms:DescribeKey)$/;
    const LOCK_WRITE = /^s3:(PutObject|DeleteObject)$/;
    const statements = allowedTo('plan');
    expect(statements.filter(s => s.not_actions !== undefined)).toEqual([]);
    const actions: string[] = statements.flatMap(s => s.actions);
    expect(actions).toContain('s3:GetObject');
    expect(actions.filter(a => !READ.test(a) && !LOCK_WRITE.test(a))).toEqual(
      [],
    );
    // Writes (lock files) only on *.tflock objects, never on the state itself.
    const writtenTo = statements
      .filter(s => s.actions.some((a: string) => LOCK_WRITE.test(a)))
      .flatMap(resourcesOf);
    expect(writtenTo.length).toBeGreaterThan(0);
    expect(writtenTo.filter(r => !/\.tflock$/.test(r))).toEqual([]);
  });

  it('the apply role may write only the datastores secrets and state', () => {
    const statements = allowedTo('apply');
    const writes = (prefix: string) =>
      statements.filter(s =>
        s.actions.some((a: string) => a.startsWith(prefix)),
      );
    for (const s of writes('secretsmanager:'))
      for (const resource of resourcesOf(s))
        expect(resource).toMatch(/:secret:datastores\/\*"?\]?\}?$/);
    for (const s of writes('s3:'))
      for (const resource of resourcesOf(s))
        expect(resource).toMatch(/^\$\{aws_s3_bucket\.state\.arn\}/);
    expect(
      statements.flatMap(s => s.actions).filter((a: string) => a.includes('*')),
    ).toEqual(['kms:GenerateDataKey*']);
  });

  it('requires Terraform >= 1.11.1 (1.11.0 fails on write-only arguments)', () => {
    expect(tf.terraform[0].required_version).toBe('>= 1.11.1');
  });

  it('outputs both role ARNs under the names the workflows read', () => {
    expect(tf.output.plan_role_arn[0]).toEqual({
      description: expect.stringContaining('AWS_PLAN_ROLE_ARN'),
      value: '${aws_iam_role.plan.arn}',
    });
    expect(tf.output.apply_role_arn[0]).toEqual({
      description: expect.stringContaining('AWS_APPLY_ROLE_ARN'),
      value: '${aws_iam_role.apply.arn}',
    });
  });
});
