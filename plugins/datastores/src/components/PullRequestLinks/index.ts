export { PullRequestLinks, pullRequestName } from './PullRequestLinks';
