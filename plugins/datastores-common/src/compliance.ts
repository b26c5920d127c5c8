import { decide } from './decide';
import {
  Criticality,
  DatastoreEngine,
  DatastoreKind,
  Environment,
  Provider,
  Strategy,
} from './model';
import { DEFAULT_POLICY, Policy } from './policy';
import { PROVIDER_FACTS, ProviderCatalog } from './providers';

/** An existing datastore, as its catalog annotations describe it. @public */
export interface DatastoreDescription {
  kind: DatastoreKind;
  engine?: DatastoreEngine;
  environment: Environment;
  criticality: Criticality;
  strategy: Strategy;
  provider: Provider;
}

/** What is known of how the datastore is actually run; unknown fields are left out. @public */
export interface ObservedPosture {
  backupsEnabled?: boolean;
  retentionDays?: number;
  pitr?: boolean;
  deletionProtection?: boolean;
  multiAz?: boolean;
}

/** One way a datastore breaks the policy. @public */
export interface PolicyViolation {
  /** A stable id, e.g. `strategy`, `retention`. */
  id:
    | 'refused'
    | 'strategy'
    | 'provider'
    | 'backups'
    | 'retention'
    | 'pitr'
    | 'deletion-protection'
    | 'multi-az';
  message: string;
}

/**
 * The grade against the policy. `complies` only when everything the policy requires was
 * observed and holds; `unknown` when an input could not be observed (with the reason).
 * @public
 */
export interface ComplianceResult {
  state: 'complies' | 'violates' | 'unknown';
  /** True only when `state` is `complies`. */
  compliant: boolean;
  violations: PolicyViolation[];
  /** Why the grade is unknown. */
  reason?: string;
}

/**
 * Grades an existing datastore against the policy: what it is (strategy, provider) and how it
 * is backed up. A violation found is `violates`; otherwise, when the backups the policy
 * requires could not be observed (`unobserved` says why), the grade is `unknown`, never
 * `complies`.
 * @public
 */
export function checkCompliance(
  datastore: DatastoreDescription,
  observed: ObservedPosture = {},
  policy: Policy = DEFAULT_POLICY,
  unobserved?: string,
  providers: ProviderCatalog = PROVIDER_FACTS,
): ComplianceResult {
  const violations: PolicyViolation[] = [];
  let decision;
  try {
    decision = decide(datastore, policy, providers);
  } catch (error) {
    violations.push({ id: 'refused', message: (error as Error).message });
    return { state: 'violates', compliant: false, violations };
  }

  if (decision.strategy !== datastore.strategy) {
    violations.push({
      id: 'strategy',
      message: `${datastore.criticality} data is ${datastore.strategy}; the policy requires ${decision.strategy} (${decision.provider})`,
    });
  } else if (decision.provider !== datastore.provider) {
    violations.push({
      id: 'provider',
      message: `runs on ${datastore.provider}; the policy chooses ${decision.provider}`,
    });
  }

  const need = decision.backup;
  const backupsRequired =
    need.mode === 'continuous' || need.mode === 'scheduled';
  if (backupsRequired && observed.backupsEnabled === false) {
    violations.push({
      id: 'backups',
      message: `backups are off; the policy requires ${need.mode} backups`,
    });
  }
  if (
    backupsRequired &&
    observed.retentionDays !== undefined &&
    observed.retentionDays < need.minRetentionDays
  ) {
    violations.push({
      id: 'retention',
      message: `backups are kept ${observed.retentionDays} days; the policy requires at least ${need.minRetentionDays}`,
    });
  }
  if (need.pitr && observed.pitr === false) {
    violations.push({
      id: 'pitr',
      message: 'point-in-time recovery is off; the policy requires it',
    });
  }
  if (need.deletionProtection && observed.deletionProtection === false) {
    violations.push({
      id: 'deletion-protection',
      message: 'deletion protection is off; the policy requires it',
    });
  }
  if (need.multiAz && observed.multiAz === false) {
    violations.push({
      id: 'multi-az',
      message:
        'runs in a single availability zone; the policy requires Multi-AZ',
    });
  }
  if (violations.length)
    return { state: 'violates', compliant: false, violations };
  if (backupsRequired && unobserved) {
    return {
      state: 'unknown',
      compliant: false,
      violations,
      reason: unobserved,
    };
  }
  return { state: 'complies', compliant: true, violations };
}
