import {
  DatastoreStatus,
  Environment,
  ProvisioningRequestRecord,
} from '@datastores/plugin-datastores-common';

/** What a request adds to a datastore's status after its provisioning. */
export interface DayTwo {
  fields: Pick<DatastoreStatus, 'size' | 'decommissioning'>;
  /** The name of the datastore this one replaces, if any. */
  replaces?: string;
  name: string;
  environment: Environment;
}

/**
 * Size and decommission of one environment of a request: `decommissioning` while it is being
 * removed (by a decommission, or by a change that drops the environment), in phase `removal`
 * once a pull request that removes it exists, else `safeguard`.
 */
export function dayTwoFields(
  request: ProvisioningRequestRecord,
  environment: Environment,
  /** When the request was last written: the time of a removal that has no decommission. */
  updatedAt: string,
): DayTwo {
  const removal = request.pullRequests.some(
    p => p.state !== 'closed' && p.removes?.includes(environment),
  );
  const decommission = request.decommission;
  const decommissioning =
    decommission?.environments.includes(environment) || removal
      ? {
          phase: removal ? ('removal' as const) : ('safeguard' as const),
          requestedAt: decommission?.requestedAt ?? updatedAt,
          ...(decommission?.finalSnapshots?.[environment] && {
            finalSnapshot: decommission.finalSnapshots[environment],
          }),
          ...(decommission?.backups?.[environment] && {
            backup: decommission.backups[environment],
          }),
          ...(decommission?.notBefore && {
            notBefore: decommission.notBefore,
          }),
        }
      : undefined;
  return {
    name: request.name,
    environment,
    ...(request.replaces && { replaces: request.replaces }),
    fields: {
      ...(request.size && { size: request.size }),
      ...(decommissioning && { decommissioning }),
    },
  };
}

/**
 * Links a replacement and the datastore it replaces, environment by environment, both ways,
 * while both are on the card (the old one leaves once it is decommissioned).
 */
export function linkReplacements(
  datastores: DatastoreStatus[],
  dayTwo: Map<string, DayTwo>,
): DatastoreStatus[] {
  const byNameAndEnvironment = new Map(
    datastores.map(d => [`${d.name}/${d.environment}`, d.entityRef]),
  );
  const replacedBy = new Map<string, string>();
  for (const d of datastores) {
    const replaces = dayTwo.get(d.entityRef)?.replaces;
    const old =
      replaces && byNameAndEnvironment.get(`${replaces}/${d.environment}`);
    if (old) replacedBy.set(old, d.entityRef);
  }
  return datastores.map(d => {
    const replaces = dayTwo.get(d.entityRef)?.replaces;
    const old =
      replaces && byNameAndEnvironment.get(`${replaces}/${d.environment}`);
    return {
      ...d,
      ...(old && { replaces: old }),
      ...(replacedBy.has(d.entityRef) && {
        replacedBy: replacedBy.get(d.entityRef),
      }),
    };
  });
}
