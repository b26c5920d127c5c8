import { Config } from '@backstage/config';
import { Size } from '@datastores/plugin-datastores-common';
import { bySize } from '../../config/checks';

/** RDS's instance class by size, unless `managed.postgres.instanceClass` says otherwise. */
export const DEFAULT_INSTANCE_CLASS: Record<Size, string> = {
  small: 'db.t4g.medium',
  medium: 'db.m7g.large',
  large: 'db.m7g.2xlarge',
};

/** RDS's storage by size, in GiB, unless `managed.postgres.allocatedStorage` says otherwise. */
export const DEFAULT_ALLOCATED_STORAGE: Record<Size, number> = {
  small: 20,
  medium: 100,
  large: 500,
};

/** `managed.postgres.instanceClass` and `allocatedStorage`: what an RDS instance is made of. */
export function readRdsSizes(
  config: Config | undefined,
  at: string,
): {
  instanceClass: Record<Size, string>;
  allocatedStorage: Record<Size, number>;
} {
  return {
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
  };
}
