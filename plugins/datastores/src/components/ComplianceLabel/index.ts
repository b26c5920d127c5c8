export { COMPLIANCE_STATES, ComplianceLabel } from './ComplianceLabel';
