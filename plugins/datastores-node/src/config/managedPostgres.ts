import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { SIZES, Size } from '@datastores/plugin-datastores-common';
import { DatastoreProviders } from '../providers/registry';
import { managedPostgresProviders } from '../readPolicy';
import { PLAIN, oneOf, pattern, retentionDays } from './checks';
import {
  DEFAULT_NEON_DELETION_DELAY_DAYS,
  DecommissionConfig,
  ManagedPostgresConfig,
} from './types';

export const DEFAULT_INSTANCE_CLASS: Record<Size, string> = {
  small: 'db.t4g.medium',
  medium: 'db.m7g.large',
  large: 'db.m7g.2xlarge',
};

export const DEFAULT_ALLOCATED_STORAGE: Record<Size, number> = {
  small: 20,
  medium: 100,
  large: 500,
};

export function bySize<T extends string | number>(
  config: Config | undefined,
  key: string,
  at: string,
  defaults: Record<Size, T>,
  check: (value: unknown) => value is T,
  what: string,
): Record<Size, T> {
  const raw = config?.getOptional(key);
  if (raw === undefined) return { ...defaults };
  if (check(raw)) return { small: raw, medium: raw, large: raw };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(
      `${at}.${key} must be ${what}, or an object of them by size (${SIZES.join(
        ', ',
      )})`,
    );
  }
  const result = { ...defaults };
  for (const [size, value] of Object.entries(raw)) {
    if (!(SIZES as readonly string[]).includes(size) || !check(value)) {
      throw new InputError(
        `${at}.${key}.${size} must be ${what} for a size of ${SIZES.join(
          ', ',
        )}`,
      );
    }
    result[size as Size] = value;
  }
  return result;
}

export function readManagedPostgres(
  config: Config | undefined,
  providers: DatastoreProviders,
): ManagedPostgresConfig {
  const at = 'datastores.managed.postgres';
  const provider = config
    ? oneOf(config, 'provider', at, managedPostgresProviders(providers), 'rds')
    : 'rds';
  const neon = config?.getOptionalConfig('neon');
  const regionId = neon?.getOptionalString('regionId');
  const orgId = neon?.getOptionalString('orgId');
  return {
    provider,
    backupRetentionDays: retentionDays(
      config,
      at,
      // The longest retention the provider allows; a year for one that names no bound.
      providers.catalog[provider].maxRetentionDays ?? 365,
    ),
    engineVersion: config
      ? pattern(
          config,
          'engineVersion',
          at,
          /^[0-9]+(\.[0-9]+)?$/,
          'a Postgres version like 17',
          '17',
        )
      : '17',
    instanceClass: bySize(
      config,
      'instanceClass',
      at,
      DEFAULT_INSTANCE_CLASS,
      (v): v is string => typeof v === 'string' && /^db\.[a-z0-9.]+$/.test(v),
      'an RDS instance class like db.t4g.medium',
    ),
    allocatedStorage: bySize(
      config,
      'allocatedStorage',
      at,
      DEFAULT_ALLOCATED_STORAGE,
      (v): v is number =>
        typeof v === 'number' && Number.isInteger(v) && v >= 20 && v <= 65536,
      'a whole number of GiB from 20 to 65536',
    ),
    neon: {
      ...(regionId !== undefined && {
        regionId: pattern(
          neon!,
          'regionId',
          `${at}.neon`,
          /^[a-z0-9-]+$/,
          'a Neon region like aws-eu-central-1',
        ),
      }),
      ...(orgId !== undefined && {
        orgId: pattern(neon!, 'orgId', `${at}.neon`, PLAIN, 'a Neon org id'),
      }),
    },
  };
}

export function readDecommission(
  config: Config | undefined,
): DecommissionConfig {
  const days =
    config?.getOptionalNumber('neonDeletionDelayDays') ??
    DEFAULT_NEON_DELETION_DELAY_DAYS;
  if (!Number.isInteger(days) || days < 0 || days > 90) {
    throw new InputError(
      `datastores.decommission.neonDeletionDelayDays must be a whole number of days from 0 to 90; got ${days}`,
    );
  }
  return { neonDeletionDelayDays: days };
}
