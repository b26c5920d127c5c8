import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PLAIN, pattern } from '../../config/checks';
import {
  DEFAULT_NEON_DELETION_DELAY_DAYS,
  DecommissionConfig,
  ManagedPostgresConfig,
} from '../../config/types';

/** `managed.postgres.neon`: the region and organization of Neon projects. */
export function readNeonSettings(
  neon: Config | undefined,
  at: string,
): ManagedPostgresConfig['neon'] {
  const regionId = neon?.getOptionalString('regionId');
  const orgId = neon?.getOptionalString('orgId');
  return {
    ...(regionId !== undefined && {
      regionId: pattern(
        neon!,
        'regionId',
        at,
        /^[a-z0-9-]+$/,
        'a Neon region like aws-eu-central-1',
      ),
    }),
    ...(orgId !== undefined && {
      orgId: pattern(neon!, 'orgId', at, PLAIN, 'a Neon org id'),
    }),
  };
}

/** `datastores.decommission`: how long a Neon project waits, unprotected, before its removal. */
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
