export { DatastoreDecisionPreview } from './DatastoreDecisionPreview';
export type {
  DatastoreDecisionPreviewOptions,
  DatastoreDecisionPreviewProps,
} from './DatastoreDecisionPreview';
export { validateDecision } from './validateDecision';
