export { ReadinessLabel, READINESS_STATES } from './ReadinessLabel';
