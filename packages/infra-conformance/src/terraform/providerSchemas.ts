import fs from 'fs';
import path from 'path';

/** An attribute of a provider schema (schemas/providers/*.json). */
export interface AttributeSchema {
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  settable?: boolean;
  writeOnly?: boolean;
  sensitive?: boolean;
}

/** A resource, data source, ephemeral resource, provider or nested block. */
export interface BlockSchema {
  attributes: Record<string, AttributeSchema>;
  blocks: Record<string, BlockSchema & { required?: boolean; list?: boolean }>;
  /** Only part of the type is known: unknown arguments are not reported. */
  partial?: boolean;
}

/** A provider's schema file: its registry address, version and types. */
export interface ProviderSchema {
  provider: string;
  version: string;
  types: Record<string, BlockSchema>;
}

/** Loads provider schema files; keys are `resource.aws_db_instance`, `ephemeral.random_password`, ... */
export function loadProviderSchemas(files: string[]): ProviderSchema[] {
  return files.map(
    file => JSON.parse(fs.readFileSync(file, 'utf8')) as ProviderSchema,
  );
}

// eslint-disable-next-line no-restricted-syntax
export const SCHEMAS_DIR = path.resolve(__dirname, '../../schemas');
