export {
  DecommissioningLabel,
  decommissionPhaseText,
} from './DecommissioningLabel';
