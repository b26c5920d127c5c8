export { DatastoreDecisionPreview } from './DatastoreDecisionPreview';
export type { DatastoreDecisionPreviewOptions } from './DatastoreDecisionPreview';
export { validateDecision } from './validateDecision';
