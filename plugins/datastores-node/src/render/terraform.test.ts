import { parse } from '@cdktn/hcl2json';
import { InputError } from '@backstage/errors';
import { renderProviderFiles as renderTerraform } from './renderDatastore';
import { testConfig, testContext } from '../../fixtures/render/fixtures';

const files = (ctx = testContext()) =>
  Object.fromEntries(
    renderTerraform(ctx).map(f => [f.path.split('/').pop()!, f]),
  );

describe('renderTerraform on RDS', () => {
  it('writes one root module under the configured path, in the terraform repo', () => {
    expect(renderTerraform(testContext()).map(f => [f.target, f.path])).toEqual(
      [
        ['terraform', 'datastores/production/orders-main/versions.tf'],
        ['terraform', 'datastores/production/orders-main/main.tf'],
        ['terraform', 'datastores/production/orders-main/outputs.tf'],
      ],
    );
  });

  it('parses, and writes the database a platform engineer would', async () => {
    const all = files();
    const main: any = await parse('main.tf', all['main.tf'].content);
    const db = main.resource.aws_db_instance.this[0];
    expect(db).toMatchObject({
      identifier: 'orders-main-production',
      engine: 'postgres',
      instance_class: 'db.t4g.medium',
      storage_encrypted: true,
      kms_key_id: expect.stringMatching(/^arn:aws:kms:/),
      db_subnet_group_name: 'prod-databases',
      vpc_security_group_ids: ['sg-0123456789abcdef0'],
      publicly_accessible: false,
      multi_az: true,
      backup_retention_period: 7,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'orders-main-production-final',
      password_wo: '${ephemeral.random_password.master.result}',
    });
    expect(db).not.toHaveProperty('password');
    expect(main.ephemeral.random_password.master).toBeDefined();
    expect(main.provider.aws[0].region).toBe('eu-west-1');
    expect(main.provider.aws[0].default_tags[0].tags).toMatchObject({
      Service: 'orders',
      'backstage.io/component': 'component:default/orders',
      'backstage.io/resource': 'resource:default/orders-main-production',
    });
    expect(main.resource.aws_secretsmanager_secret.connection[0].name).toBe(
      'datastores/production/orders/main',
    );
    const version =
      main.resource.aws_secretsmanager_secret_version.connection[0];
    expect(version).not.toHaveProperty('secret_string');
    // A replaced instance (new host, new password) or a rotation writes a new version.
    expect(version.lifecycle[0].replace_triggered_by).toEqual([
      '${aws_db_instance.this.resource_id}',
      '${aws_db_instance.this.password_wo_version}',
    ]);
    for (const key of [
      'host',
      'port',
      'dbname',
      'username',
      'password',
      'uri',
    ]) {
      expect(version.secret_string_wo).toMatch(
        new RegExp(`\\n\\s+${key}\\s+= `),
      );
    }
    const versions: any = await parse(
      'versions.tf',
      all['versions.tf'].content,
    );
    // 1.11.0 fails on ephemeral values in write-only arguments.
    expect(versions.terraform[0].required_version).toBe('>= 1.11.1');
    expect(versions.terraform[0].backend.s3[0]).toMatchObject({
      key: 'datastores/production/orders-main/terraform.tfstate',
      use_lockfile: true,
    });
    await parse('outputs.tf', all['outputs.tf'].content);
  });

  it('follows the backup requirements: no Multi-AZ outside production', async () => {
    const ctx = testContext({ environments: ['staging'] });
    const main: any = await parse('main.tf', files(ctx)['main.tf'].content);
    const db = main.resource.aws_db_instance.this[0];
    expect(db.multi_az).toBe(false);
    expect(db.deletion_protection).toBe(true);
    expect(db).not.toHaveProperty('kms_key_id');
  });

  it('keeps the configured retention, and the size', async () => {
    const config = testConfig({
      managed: {
        postgres: {
          backupRetentionDays: 30,
          instanceClass: { large: 'db.r7g.xlarge' },
        },
      },
    });
    const ctx = testContext({ size: 'large' }, config);
    const main: any = await parse('main.tf', files(ctx)['main.tf'].content);
    expect(main.resource.aws_db_instance.this[0]).toMatchObject({
      backup_retention_period: 30,
      instance_class: 'db.r7g.xlarge',
      allocated_storage: 500,
      max_allocated_storage: 2500,
    });
  });

  it('needs the AWS settings of the environment', () => {
    const config = testConfig({ environments: {} });
    expect(() => renderTerraform(testContext({}, config))).toThrow(InputError);
    expect(() => renderTerraform(testContext({}, config))).toThrow(
      'datastores.environments.production.aws is not configured',
    );
  });
});

describe('renderTerraform on Neon', () => {
  const config = testConfig({
    managed: { postgres: { provider: 'neon', backupRetentionDays: 14 } },
  });

  it('writes a Neon project with its restore window, and the connection secret', async () => {
    const all = files(testContext({}, config));
    const versions: any = await parse(
      'versions.tf',
      all['versions.tf'].content,
    );
    expect(versions.terraform[0].required_providers[0].neon.source).toBe(
      'neondatabase/neon',
    );
    const main: any = await parse('main.tf', all['main.tf'].content);
    const project = main.resource.neon_project.this[0];
    expect(project).toMatchObject({
      name: 'orders-main-production',
      region_id: 'aws-eu-west-1',
      pg_version: 17,
      history_retention_seconds: 14 * 86400,
      lifecycle: [{ prevent_destroy: true }],
    });
    expect(main.resource.neon_role.app[0].name).toBe('app');
    expect(main.resource.neon_database.app[0]).toMatchObject({
      name: 'app',
      owner_name: '${neon_role.app.name}',
    });
    expect(main.resource.aws_secretsmanager_secret.connection[0].name).toBe(
      'datastores/production/orders/main',
    );
    // The password only ever travels in an ephemeral value into a write-only argument.
    const version =
      main.resource.aws_secretsmanager_secret_version.connection[0];
    expect(version).not.toHaveProperty('secret_string');
    expect(version.secret_string_wo).toContain(
      'ephemeral.neon_role.app.password',
    );
    expect(all['main.tf'].content).not.toMatch(
      /neon_project\.this\.(database_password|connection_uri)/,
    );
  });
});
