import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { FleetFilterField } from '@datastores/plugin-datastores-common';
import {
  ENVIRONMENT_NAMES,
  KIND_NAMES,
  PROVIDER_NAMES,
  STRATEGY_NAMES,
} from '../../labels';
import { BACKUP_POSTURES } from '../BackupPostureLabel';
import { COMPLIANCE_STATES } from '../ComplianceLabel';
import { LIFECYCLE_STANDING_NAMES } from '../LifecycleStepper';
import { READINESS_STATES } from '../ReadinessLabel';
import { SECRET_SYNC_STATUSES } from '../SecretSyncLabel';

/** The filters in the order the page shows them, with the heading of each. */
export const FLEET_FIELD_NAMES: Record<FleetFilterField, string> = {
  environment: 'Environment',
  kind: 'Kind',
  strategy: 'Strategy',
  provider: 'Provider',
  owner: 'Owner',
  lifecycle: 'Lifecycle',
  backup: 'Backups',
  secretSync: 'Secret sync',
  readiness: 'Readiness',
  compliance: 'Policy',
};

const textOf = (states: Record<string, { text: string }>) =>
  Object.fromEntries(Object.entries(states).map(([k, v]) => [k, v.text]));

// The card's and the tab's words, so a filter reads as the status it selects.
const VALUE_NAMES: Partial<
  Record<FleetFilterField, Partial<Record<string, string>>>
> = {
  environment: ENVIRONMENT_NAMES,
  kind: KIND_NAMES,
  strategy: STRATEGY_NAMES,
  provider: PROVIDER_NAMES,
  backup: textOf(BACKUP_POSTURES),
  secretSync: textOf(SECRET_SYNC_STATUSES),
  readiness: textOf(READINESS_STATES),
  compliance: textOf(COMPLIANCE_STATES),
  lifecycle: LIFECYCLE_STANDING_NAMES,
};

/** How a value of a filter reads: "Production", "At risk", an owner as "team-a". */
export function fleetValueName(
  field: FleetFilterField,
  value: string,
  providerTitles: Record<string, string> = {},
): string {
  if (field === 'provider' && providerTitles[value]) {
    return providerTitles[value];
  }
  if (field === 'owner') {
    try {
      return humanizeEntityRef(parseEntityRef(value), { defaultKind: 'group' });
    } catch {
      return value;
    }
  }
  return VALUE_NAMES[field]?.[value] ?? value;
}
