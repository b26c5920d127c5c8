export { LifecycleStepper } from './LifecycleStepper';
export { LifecycleLabel } from './LifecycleLabel';
export {
  LIFECYCLE_STANDING_NAMES,
  STEP_NAMES,
  STEP_STATUS_NAMES,
  lifecycleSummary,
  stepSentence,
} from './lifecycleWords';
