export { ReplacementLinks } from './ReplacementLinks';
