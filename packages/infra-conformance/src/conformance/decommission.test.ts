import path from 'path';
import {
  ProvisioningRequestRecord,
  planDecommission,
} from '@datastores/plugin-datastores-common';
import { renderSafeguard } from '@datastores/plugin-datastores-node';
import { checkTerraformModule } from '../terraform/checkTerraform';
import { loadProviderSchemas } from '../terraform/providerSchemas';
import { SCHEMAS } from '../paths';
import { gitopsRegistry, readYaml11 } from './gitopsRegistry';
import { requestMatrix } from './requestMatrix';

/**
 * What a decommission's first pull request writes, against the real schemas: the RDS and Neon
 * modules with protection off and the final snapshot named (the pinned providers), and
 * CloudNativePG's on-demand Backup.
 */
const AT = new Date('2026-12-03T10:00:00Z');
const providers = loadProviderSchemas(
  ['aws.json', 'random.json', 'neon.json'].map(f =>
    path.join(SCHEMAS, 'providers', f),
  ),
);

const safeguards = requestMatrix().flatMap(c => {
  const record: ProvisioningRequestRecord = {
    service: `component:${c.request.service.namespace}/${c.request.service.name}`,
    name: c.request.name,
    kind: c.request.kind,
    engine: c.request.engine,
    environments: c.request.environments,
    criticality: c.request.criticality,
    size: c.request.size,
    namespace: c.request.namespace,
    decisions: c.decisions.map(d => ({ ...d })),
    pullRequests: [],
    resources: [],
  };
  const { steps } = planDecommission(
    record,
    { service: c.request.service, name: c.request.name },
    AT,
    c.config.policy,
    { kubernetesId: c.request.kubernetesId },
  );
  return steps.map(step => ({
    label: `${c.label} (${step.environment})`,
    step,
    files: renderSafeguard(c.request, step, c.config, {
      requestedAt: AT.toISOString(),
      notBefore: '2026-12-10T10:00:00.000Z',
    }),
    shape: c.config.crossplane.shape,
  }));
});

describe('decommission safeguards against the real schemas', () => {
  it('covers every safeguard', () => {
    const kinds = new Set(safeguards.map(s => s.step.safeguard));
    expect([...kinds].sort()).toEqual([
      'backup',
      'deletion-delay',
      'final-snapshot',
      'none',
    ]);
  });

  it('every RDS and Neon safeguard module would pass terraform validate, protection off', async () => {
    const problems: string[] = [];
    for (const s of safeguards) {
      if (s.files[0]?.target !== 'terraform') continue;
      const files = Object.fromEntries(
        s.files.map(f => [path.basename(f.path), f.content]),
      );
      for (const p of await checkTerraformModule(files, providers)) {
        problems.push(`${s.label}: ${p.at}: ${p.message}`);
      }
      const main = files['main.tf'];
      if (/prevent_destroy|default_branch_protected\s+= true/.test(main)) {
        problems.push(`${s.label}: still protected from destroy`);
      }
      if (
        s.step.safeguard === 'final-snapshot' &&
        !new RegExp(
          `final_snapshot_identifier\\s+= "${s.step.finalSnapshot}"`,
        ).test(main)
      ) {
        problems.push(`${s.label}: the final snapshot is not named`);
      }
    }
    expect(problems).toEqual([]);
  });

  // The API server's schema of a Backup's spec is a ScheduledBackup's without the schedule
  // (upstream's backups.postgresql.cnpg.io CRD: cluster.name, method incl. plugin,
  // pluginConfiguration.name); the vendored ScheduledBackup CRD checks those fields strictly.
  it('every CloudNativePG Backup is accepted with its fields as a ScheduledBackup has them', () => {
    const problems: string[] = [];
    const registries = {
      xr: gitopsRegistry('xr'),
      claim: gitopsRegistry('claim'),
    };
    for (const s of safeguards.filter(x => x.step.safeguard === 'backup')) {
      const [backup] = readYaml11(s.files[0].content);
      expect(backup).toMatchObject({
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Backup',
        metadata: { name: s.step.backup },
      });
      const asScheduled = {
        ...backup,
        kind: 'ScheduledBackup',
        spec: { ...backup.spec, schedule: '0 0 3 * * *' },
      };
      for (const p of registries[s.shape].validate(asScheduled)) {
        problems.push(`${s.label}: ${p.path} ${p.message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
