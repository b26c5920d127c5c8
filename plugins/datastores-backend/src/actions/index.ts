export { registerReadActions } from './readActions';
export { registerProvisionDryRunAction } from './provisionDryRunAction';
