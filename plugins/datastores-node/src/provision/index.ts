export { planProvision } from './planProvision';
export type { ProvisionPlan, ProvisionPlanSources } from './planProvision';
export { filesOf, pullRequestsOf } from './pullRequestsOf';
export type { TargetChange } from './pullRequestsOf';
