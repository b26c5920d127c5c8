import {
  CRITICALITY_LEVELS,
  Criticality,
  DatastoreEngine,
  DatastoreKind,
  DatastoreStatus,
  Decision,
  ENVIRONMENTS,
  Environment,
  Provider,
  SIZES,
  Size,
  Strategy,
} from '@datastores/plugin-datastores-common';
import { DecideInput } from '../../api';

/** A datastore as its service's rows show it now: what "Change datastore" starts from. */
export interface CurrentDatastore {
  name: string;
  kind: DatastoreKind;
  engine: DatastoreEngine;
  criticality: Criticality;
  /** Unknown for requests recorded before sizes were kept. */
  size?: Size;
  /** Each environment's strategy and provider, in the order of the environments. */
  environments: Array<{
    environment: Environment;
    strategy: Strategy;
    provider: Provider;
  }>;
}

/** The datastore named `name` among a service's rows, or undefined when it has none. */
export function currentDatastore(
  rows: DatastoreStatus[],
  name: string,
): CurrentDatastore | undefined {
  const mine = rows.filter(d => d.name === name);
  if (!mine.length) return undefined;
  const [first] = mine;
  return {
    name,
    kind: first.kind,
    engine: first.engine,
    criticality: first.criticality,
    size: mine.find(d => d.size)?.size,
    environments: ENVIRONMENTS.flatMap(environment => {
      const d = mine.find(row => row.environment === environment);
      return d
        ? [{ environment, strategy: d.strategy, provider: d.provider }]
        : [];
    }),
  };
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown) {
  return (allowed as readonly unknown[]).includes(value)
    ? (value as T)
    : undefined;
}

/**
 * The decision request for the datastore after the change: its kind and engine as they are,
 * the environments, criticality and size as answered (the size as it is when not answered).
 */
export function readChangeInput(
  formData: unknown,
  current: CurrentDatastore,
):
  | { input: DecideInput; missing?: never }
  | { input?: never; missing: string[] } {
  const data = (
    typeof formData === 'object' && formData !== null ? formData : {}
  ) as Record<string, unknown>;
  const criticality = oneOf(CRITICALITY_LEVELS, data.criticality);
  const size = oneOf(SIZES, data.size) ?? current.size;
  const environments = Array.isArray(data.environments)
    ? ENVIRONMENTS.filter(env => (data.environments as unknown[]).includes(env))
    : [];
  const missing = [
    environments.length === 0 && 'at least one environment',
    !criticality && 'the data criticality',
  ].filter((m): m is string => Boolean(m));
  if (!criticality || missing.length) return { missing };
  return {
    input: {
      kind: current.kind,
      engine: current.engine,
      environments,
      criticality,
      ...(size && { size }),
    },
  };
}

/**
 * What a change does, by the rule `datastores:change` applies (`planChange` in
 * `plugins/datastores-common/src/operations.ts`), from the backend's decisions:
 * - `replace`: an environment that stays would change strategy or provider, so a new datastore
 *   (`newName`, by default `<name>-<provider>`) is added next to the old one;
 * - `in-place`: the files are edited, environments added or removed;
 * - `nothing`: the answers are the datastore as it is.
 */
export type ChangeOutcome =
  | {
      mode: 'replace';
      newName: string;
      changed: Array<{
        environment: Environment;
        from: { strategy: Strategy; provider: Provider };
        to: { strategy: Strategy; provider: Provider };
      }>;
    }
  | {
      mode: 'in-place';
      added: Environment[];
      removed: Environment[];
      size?: { from?: Size; to: Size };
      criticality?: { from: Criticality; to: Criticality };
    }
  | { mode: 'nothing' };

/** What the change of `current` into `input`, decided as `decisions`, does. */
export function changeOutcome(
  current: CurrentDatastore,
  input: DecideInput,
  decisions: Decision[],
  newName?: string,
): ChangeOutcome {
  const before = new Map(current.environments.map(e => [e.environment, e]));
  const changed = decisions.flatMap(d => {
    const old = before.get(d.environment);
    return old && (old.provider !== d.provider || old.strategy !== d.strategy)
      ? [
          {
            environment: d.environment,
            from: { strategy: old.strategy, provider: old.provider },
            to: { strategy: d.strategy, provider: d.provider },
          },
        ]
      : [];
  });
  if (changed.length) {
    return {
      mode: 'replace',
      newName: newName || `${current.name}-${changed[0].to.provider}`,
      changed,
    };
  }
  const added = input.environments.filter(e => !before.has(e));
  const removed = current.environments
    .map(e => e.environment)
    .filter(e => !input.environments.includes(e));
  const size =
    input.size && input.size !== current.size
      ? { from: current.size, to: input.size }
      : undefined;
  const criticality =
    input.criticality !== current.criticality
      ? { from: current.criticality, to: input.criticality }
      : undefined;
  if (!added.length && !removed.length && !size && !criticality) {
    return { mode: 'nothing' };
  }
  return {
    mode: 'in-place',
    added,
    removed,
    ...(size && { size }),
    ...(criticality && { criticality }),
  };
}

/**
 * Whether the change creates a managed production datastore (what
 * `datastores.provision.production` guards): production added, or a new datastore replacing
 * the old one, managed in production. Resizing one that exists creates nothing.
 */
export function createsManagedProduction(
  outcome: ChangeOutcome,
  decisions: Decision[],
): boolean {
  const production = decisions.find(d => d.environment === 'production');
  if (production?.strategy !== 'managed') return false;
  if (outcome.mode === 'replace') return true;
  return outcome.mode === 'in-place' && outcome.added.includes('production');
}
