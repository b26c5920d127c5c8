export { RefreshNowButton } from './RefreshNowButton';
