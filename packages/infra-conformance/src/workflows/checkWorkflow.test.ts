import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'yaml';
import { checkWorkflow } from './checkWorkflow';

// eslint-disable-next-line no-restricted-syntax
const SCHEMAS = path.resolve(__dirname, '../../schemas');
// eslint-disable-next-line no-restricted-syntax
const STARTER = path.resolve(__dirname, '../../../../examples/infra/terraform');
const WORKFLOWS = path.join(STARTER, '.github/workflows');

const textOf = (file: string) =>
  fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
const plan = parse(textOf('terraform-plan.yml'));
const apply = parse(textOf('terraform-apply.yml'));

type Step = { uses?: string; run?: string; with?: Record<string, any> };
const jobsOf = (workflow: any): any[] => Object.values(workflow.jobs);
const stepsOf = (workflow: any): Step[] =>
  jobsOf(workflow).flatMap(job => job.steps ?? []);
const stepsUsing = (workflow: any, action: string) =>
  stepsOf(workflow).filter(s => s.uses?.startsWith(`${action}@`));
const runsOf = (workflow: any) =>
  stepsOf(workflow).flatMap(s => (s.run ? [s.run] : []));
const jobWith = (workflow: any, action: string) =>
  jobsOf(workflow).find(job =>
    (job.steps ?? []).some((s: Step) => s.uses?.startsWith(`${action}@`)),
  );

describe('checkWorkflow', () => {
  it.each(['terraform-plan.yml', 'terraform-apply.yml'])(
    'the starter %s has no problems',
    file => {
      expect(checkWorkflow(textOf(file), SCHEMAS)).toEqual([]);
    },
  );

  // The checker must find each of these, so that an empty list above means something.
  const minimal = (steps: string) => `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
${steps}`;
  const awsStep = (inputs: string) =>
    `      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n${inputs}`;

  it('accepts the minimal workflow the broken ones are made from', () => {
    const ok = minimal(awsStep('          aws-region: eu-west-1\n'));
    expect(checkWorkflow(ok, SCHEMAS)).toEqual([]);
  });

  it('refuses an unknown top-level key', () => {
    const broken = `triggers: push\n${minimal(
      awsStep('          aws-region: eu-west-1\n'),
    )}`;
    expect(checkWorkflow(broken, SCHEMAS).join('\n')).toMatch(
      /additional properties.*"triggers"/,
    );
  });

  it('refuses a misspelled action input', () => {
    const broken = minimal(
      awsStep('          aws-region: eu-west-1\n          role-to-asume: x\n'),
    );
    expect(checkWorkflow(broken, SCHEMAS)).toEqual([
      'jobs.a.steps[0]: aws-actions/configure-aws-credentials@v4 has no input "role-to-asume"',
    ]);
  });

  it('refuses a missing required input', () => {
    const broken = minimal(awsStep('          role-to-assume: x\n'));
    expect(checkWorkflow(broken, SCHEMAS)).toEqual([
      'jobs.a.steps[0]: aws-actions/configure-aws-credentials@v4 requires input "aws-region"',
    ]);
  });

  it('refuses an action whose action.yml is not vendored', () => {
    const broken = minimal('      - uses: actions/cache@v4\n');
    expect(checkWorkflow(broken, SCHEMAS)).toEqual([
      'jobs.a.steps[0]: uses actions/cache@v4: not checked: add its action.yml',
    ]);
  });
});

describe('the starter workflows', () => {
  const roleOf = (workflow: any) =>
    stepsUsing(workflow, 'aws-actions/configure-aws-credentials').map(
      s => s.with?.['role-to-assume'],
    );

  it('plan assumes the read-only plan role, apply the apply role from its environment', () => {
    expect(roleOf(plan)).toEqual(['${{ vars.AWS_PLAN_ROLE_ARN }}']);
    // The apply job and the destroy job.
    expect(roleOf(apply)).toEqual([
      '${{ vars.AWS_APPLY_ROLE_ARN }}',
      '${{ vars.AWS_APPLY_ROLE_ARN }}',
    ]);
    expect(apply.jobs.destroy.environment).toBe(apply.jobs.apply.environment);
    // The apply role trusts only `environment:<name>` subs: the job must declare one.
    const applyJob = jobWith(apply, 'aws-actions/configure-aws-credentials');
    expect(applyJob.environment?.name ?? applyJob.environment).toEqual(
      expect.stringMatching(/\S/),
    );
    expect(
      jobWith(plan, 'aws-actions/configure-aws-credentials').environment,
    ).toBeUndefined();
  });

  it('plans skip the refresh the plan role cannot do (it cannot read secret values)', () => {
    expect(runsOf(plan).filter(r => /terraform plan/.test(r))).toEqual([
      expect.stringContaining('-refresh=false'),
    ]);
  });

  // Expressions of a concurrency group, evaluated for one module of one pull request / push.
  const groupOf = (job: any) =>
    String(job.concurrency.group).replace(
      /\$\{\{\s*([^}]+?)\s*\}\}/g,
      (_, e) => {
        const context: Record<string, string> = {
          'matrix.dir': 'datastores/production/orders-db',
          'github.event.pull_request.number': '42',
        };
        if (!(e in context)) throw new Error(`unexpected expression ${e}`);
        return context[e];
      },
    );

  it('plans and applies never share a concurrency group; applies are never cancelled', () => {
    expect(plan.concurrency).toBeUndefined();
    expect(apply.concurrency).toBeUndefined();
    const planJob = jobWith(plan, 'hashicorp/setup-terraform');
    const applyJob = jobWith(apply, 'hashicorp/setup-terraform');
    expect(groupOf(planJob)).not.toEqual(groupOf(applyJob));
    expect(groupOf(planJob)).toContain('42');
    expect(groupOf(planJob)).toContain('datastores/production/orders-db');
    expect(groupOf(applyJob)).toContain('datastores/production/orders-db');
    expect(planJob.concurrency['cancel-in-progress']).toBe(true);
    expect(applyJob.concurrency['cancel-in-progress']).toBe(false);
  });

  it('plan and apply wait for the S3 lock instead of failing', () => {
    for (const [workflow, command] of [
      [plan, 'terraform plan'],
      [apply, 'terraform apply'],
    ]) {
      const runs = runsOf(workflow).filter(r => r.includes(command));
      expect(runs.length).toBe(1);
      expect(runs[0]).toMatch(/-lock-timeout=\d+m/);
    }
  });

  it('terraform_version is pinned to a release that runs write-only arguments (>= 1.11.1)', () => {
    const versions = [plan, apply].flatMap(w =>
      stepsUsing(w, 'hashicorp/setup-terraform').map(
        s => s.with?.terraform_version,
      ),
    );
    expect(versions.length).toBe(3); // plan, apply, destroy
    for (const version of versions) {
      // Exact, so no constraint can resolve to 1.11.0 (hashicorp/terraform#36603).
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      const [major, minor, patch] = version.split('.').map(Number);
      expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(
        1_011_001,
      );
    }
  });

  describe('apply applies every module the whole push changed', () => {
    const changedStep = apply.jobs.changed.steps.find(
      (s: any) => s.id === 'dirs',
    );
    let repo: string;
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
    const commitModule = (dir: string) => {
      fs.mkdirSync(path.join(repo, dir), { recursive: true });
      fs.writeFileSync(path.join(repo, dir, 'versions.tf'), `# ${dir}\n`);
      git('add', '-A');
      git('commit', '-q', '-m', dir);
      return git('rev-parse', 'HEAD');
    };
    // Runs the step's script as GitHub does (bash -e), with the push's before and sha, and
    // reads what it wrote to $GITHUB_OUTPUT.
    const outputsFor = (before: string) => {
      const output = path.join(repo, '.output');
      fs.writeFileSync(output, '');
      execFileSync('bash', ['-e', '-c', changedStep.run], {
        cwd: repo,
        env: {
          ...process.env,
          BEFORE: before,
          GITHUB_SHA: git('rev-parse', 'HEAD'),
          GITHUB_OUTPUT: output,
        },
        stdio: 'pipe',
      });
      return Object.fromEntries(
        fs
          .readFileSync(output, 'utf8')
          .trim()
          .split('\n')
          .map(line => {
            const [key, ...value] = line.split('=');
            return [key, JSON.parse(value.join('='))];
          }),
      ) as { dirs: string[]; removed: string[] };
    };
    const dirsFor = (before: string) => outputsFor(before).dirs;
    const removedFor = (before: string) => outputsFor(before).removed;

    beforeAll(() => {
      repo = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-diff-'));
      git('init', '-q');
      git('config', 'user.email', 'test@example.com');
      git('config', 'user.name', 'test');
    });
    afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

    it('diffs github.event.before..github.sha with the whole history, never HEAD~1', () => {
      for (const run of runsOf(apply)) expect(run).not.toMatch(/HEAD[~^]/);
      expect(changedStep.env.BEFORE).toBe('${{ github.event.before }}');
      expect(changedStep.run).not.toContain('${{'); // runs as is, here too
      expect(
        stepsUsing(apply, 'actions/checkout')[0].with?.['fetch-depth'],
      ).toBe(0);
    });

    it('a push of several commits, a first push, and a force push', () => {
      const first = commitModule('datastores/staging/a-db');
      commitModule('datastores/production/b-db');
      commitModule('datastores/production/c-db');
      expect(dirsFor(first)).toEqual([
        'datastores/production/b-db',
        'datastores/production/c-db',
      ]);
      const all = [
        'datastores/production/b-db',
        'datastores/production/c-db',
        'datastores/staging/a-db',
      ];
      expect(dirsFor('0000000000000000000000000000000000000000')).toEqual(all);
      // A force push: the old head is not in the history any more.
      expect(dirsFor('1234567890abcdef1234567890abcdef12345678')).toEqual(all);
    });

    it('lists the modules a push removed, to destroy them from their last version', () => {
      commitModule('datastores/production/d-db');
      const before = git('rev-parse', 'HEAD');
      fs.rmSync(path.join(repo, 'datastores/production/d-db'), {
        recursive: true,
      });
      git('add', '-A');
      git('commit', '-q', '-m', 'remove d-db');
      expect(removedFor(before)).toEqual(['datastores/production/d-db']);
      expect(dirsFor(before)).toEqual([]);
      // Without a known previous head, nothing is destroyed.
      expect(removedFor('0000000000000000000000000000000000000000')).toEqual(
        [],
      );
      const destroy = apply.jobs.destroy;
      expect(destroy.concurrency.group).toBe(
        'terraform-apply-${{ matrix.dir }}',
      );
      expect(
        destroy.steps.find((s: any) => s.uses === 'actions/checkout@v4').with
          .ref,
      ).toBe('${{ github.event.before }}');
      expect(
        destroy.steps.filter((s: any) =>
          /terraform destroy .*-lock-timeout=\d+m/.test(s.run ?? ''),
        ),
      ).toHaveLength(1);
    });
  });
});
