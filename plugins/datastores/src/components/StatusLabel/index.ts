export { StatusLabel } from './StatusLabel';
export type { StatusLabelProps, StatusTone } from './StatusLabel';
