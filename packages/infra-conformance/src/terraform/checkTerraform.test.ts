import path from 'path';
import { SCHEMAS } from '../paths';
import { checkTerraformModule } from './checkTerraform';
import { loadProviderSchemas } from './providerSchemas';

/** The checker itself, on deliberately broken modules: an "ok" from it is never vacuous. */
const providers = loadProviderSchemas(
  ['aws.json', 'random.json', 'neon.json'].map(f =>
    path.join(SCHEMAS, 'providers', f),
  ),
);
const versions = (terraform = '>= 1.11.1', aws = '>= 6.0') => `
terraform {
  required_version = "${terraform}"
  required_providers {
    aws    = { source = "hashicorp/aws", version = "${aws}" }
    random = { source = "hashicorp/random", version = ">= 3.7" }
  }
}`;
const good = `
ephemeral "random_password" "master" {
  length = 40
}
resource "aws_db_instance" "this" {
  instance_class      = "db.t4g.medium"
  engine              = "postgres"
  password_wo         = ephemeral.random_password.master.result
  password_wo_version = 1
}
resource "aws_secretsmanager_secret" "connection" {
  name = "datastores/production/orders/main"
}
resource "aws_secretsmanager_secret_version" "connection" {
  secret_id                = aws_secretsmanager_secret.connection.id
  secret_string_wo         = jsonencode({ host = aws_db_instance.this.address, password = ephemeral.random_password.master.result })
  secret_string_wo_version = 1
  lifecycle {
    replace_triggered_by = [aws_db_instance.this.resource_id]
  }
}
output "address" {
  value = aws_db_instance.this.address
}`;
const check = (main: string, v = versions()) =>
  checkTerraformModule({ 'versions.tf': v, 'main.tf': main }, providers).then(
    ps => ps.map(p => `${p.at}: ${p.message}`),
  );

describe('checkTerraformModule', () => {
  it('accepts a valid module', async () => {
    expect(await check(good)).toEqual([]);
  });

  it('refuses unknown arguments, computed ones, and missing required ones', async () => {
    expect(await check(good.replace('engine ', 'engin '))).toEqual([
      'aws_db_instance.this.engin: unsupported argument "engin"',
    ]);
    expect(
      await check(good.replace('length = 40', 'length = 40\n  result = "x"')),
    ).toEqual([
      'ephemeral.random_password.master.result: "result" is computed: it cannot be set',
    ]);
    expect(
      await check(
        good.replace(
          'secret_id                = aws_secretsmanager_secret.connection.id',
          '',
        ),
      ),
    ).toEqual([
      'aws_secretsmanager_secret_version.connection: the argument "secret_id" is required',
    ]);
  });

  it('refuses a block written as an attribute', async () => {
    const module = `resource "neon_project" "this" {\n  branch = { name = "main" }\n}`;
    expect(
      await check(
        module,
        versions().replace(
          'random = {',
          'neon = { source = "neondatabase/neon", version = ">= 0.19.0" }\n    random = {',
        ),
      ),
    ).toEqual([
      'neon_project.this.branch: "branch" is a block: write branch { ... }, not branch = { ... }',
    ]);
  });

  it('refuses ephemeral values outside write-only arguments, and sensitive values in the state', async () => {
    expect(
      await check(
        good.replace(
          'engine              = "postgres"',
          'engine = "postgres"\n  password = ephemeral.random_password.master.result',
        ),
      ),
    ).toEqual([
      'aws_db_instance.this.password: ephemeral.random_password.master.result is ephemeral: Terraform accepts ephemeral values only in write-only arguments, ephemeral resources, providers and ephemeral outputs',
    ]);
    expect(
      await check(
        good.replace(
          'value = aws_db_instance.this.address',
          'value = ephemeral.random_password.master.result',
        ),
      ),
    ).toEqual([
      'output.address: ephemeral.random_password.master.result is ephemeral: Terraform accepts ephemeral values only in write-only arguments, ephemeral resources, providers and ephemeral outputs',
    ]);
  });

  it('refuses references to what is not declared or has no such attribute', async () => {
    expect(
      await check(
        good.replace(
          'aws_db_instance.this.address\n}',
          'aws_db_instance.that.address\n}',
        ),
      ),
    ).toEqual([
      'output.address: aws_db_instance.that.address: aws_db_instance.that is not declared in this module',
    ]);
    expect(
      await check(
        good.replace(
          'aws_db_instance.this.address\n}',
          'aws_db_instance.this.hostname\n}',
        ),
      ),
    ).toEqual([
      'output.address: aws_db_instance.this.hostname: resource aws_db_instance has no attribute "hostname"',
    ]);
  });

  it('refuses a write-only value that a replaced database would leave stale', async () => {
    expect(
      await check(
        good.replace(
          'replace_triggered_by = [aws_db_instance.this.resource_id]',
          'create_before_destroy = true',
        ),
      ),
    ).toEqual([
      'aws_secretsmanager_secret_version.connection.secret_string_wo: "secret_string_wo" is write-only and built from aws_db_instance.this: when aws_db_instance.this is replaced it keeps the old value; add aws_db_instance.this to lifecycle.replace_triggered_by (or derive secret_string_wo_version from it)',
    ]);
  });

  it('refuses a required_version that admits Terraform 1.11.0, and a provider constraint that excludes the pinned one', async () => {
    expect(await check(good, versions('>= 1.11'))).toEqual([
      'terraform: required_version ">= 1.11" admits Terraform 1.11.0, which fails on ephemeral values in write-only arguments (hashicorp/terraform#36603): use ">= 1.11.1"',
    ]);
    expect(await check(good, versions('>= 1.11.1', '~> 5.0'))).toEqual([
      'terraform.required_providers: provider "aws" version "~> 5.0" excludes 6.45.0, the schema checked here',
    ]);
  });
});
