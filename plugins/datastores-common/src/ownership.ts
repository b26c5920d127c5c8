import { ConflictError } from '@backstage/errors';
import { ENVIRONMENTS } from './model';
import { baseName } from './names';

/** The catalog entity names a stem takes, one per environment (whether requested or not). @public */
export function stemEntityNames(stem: string): string[] {
  return ENVIRONMENTS.map(environment => baseName(stem, environment));
}

/** Something that already holds a stem. @public */
export interface NameOwner {
  /** The service that owns it (`component:<namespace>/<name>`), when known. */
  service?: string;
  /** Where the claim was found: a catalog entity, or a request not merged yet. */
  source: 'catalog' | 'request';
  /** The catalog entity or the request that holds it. */
  ref: string;
  /** Its owner (a group or user), when known. */
  owner?: string;
}

/** The claims on a stem that belong to another service than `service`. @public */
export function foreignOwners(
  service: string,
  owners: NameOwner[],
): NameOwner[] {
  return owners.filter(o => o.service !== service);
}

/**
 * Refuses a request whose names another service already owns, naming the owner and what to do.
 * @public
 */
export function assertNamesFree(input: {
  service: string;
  name: string;
  stem: string;
  owners: NameOwner[];
}) {
  const foreign = foreignOwners(input.service, input.owners);
  if (!foreign.length) return;
  const who = foreign
    .map(
      o =>
        `${o.service ?? o.ref}${o.owner ? ` (owned by ${o.owner})` : ''}, ${
          o.source === 'catalog'
            ? `catalog entity ${o.ref}`
            : 'a pending request'
        }`,
    )
    .join('; ');
  throw new ConflictError(
    `The names of ${input.service} datastore "${input.name}" (${input.stem}-<environment>) already belong to ${who}. Names are unique across catalog namespaces: choose another datastore name.`,
  );
}
