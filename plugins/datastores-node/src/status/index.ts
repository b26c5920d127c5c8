export * from './kube';
export * from './secretSync';
export * from './backup';
export * from './crossplane';
export * from './readiness';
export * from './neon';
