import path from 'path';
import { checkTerraformModule } from '../terraform/checkTerraform';
import { loadProviderSchemas } from '../terraform/providerSchemas';
import { SCHEMAS } from '../paths';
import { requestMatrix } from './requestMatrix';

/**
 * Every Terraform root module the product renders, against the pinned providers' real
 * schemas (AWS 6.45, random 3.9.1, the official neondatabase/neon): what `terraform init &&
 * terraform validate` would say, without Terraform on this machine.
 */
const providers = loadProviderSchemas(
  ['aws.json', 'random.json', 'neon.json'].map(f =>
    path.join(SCHEMAS, 'providers', f),
  ),
);

const modules = new Map<string, Record<string, string>>();
for (const c of requestMatrix()) {
  for (const file of c.files) {
    if (file.target !== 'terraform' || !file.path.endsWith('.tf')) continue;
    const dir = `${c.label}: ${path.dirname(file.path)}`;
    modules.set(dir, {
      ...modules.get(dir),
      [path.basename(file.path)]: file.content,
    });
  }
}

describe('rendered Terraform against the pinned providers', () => {
  it('covers RDS and Neon modules', () => {
    const mains = [...modules.values()].map(m => m['main.tf']);
    expect(
      mains.filter(m => m.includes('resource "aws_db_instance"')).length,
    ).toBeGreaterThan(20);
    expect(
      mains.filter(m => m.includes('resource "neon_project"')).length,
    ).toBeGreaterThan(20);
  });

  it('every module would pass terraform validate', async () => {
    const problems: string[] = [];
    for (const [dir, files] of modules) {
      for (const p of await checkTerraformModule(files, providers)) {
        problems.push(`${dir}: ${p.at}: ${p.message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
