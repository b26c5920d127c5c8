export { PullRequestLinks, pullRequestName } from './PullRequestLinks';
export { PullRequestsButton } from './PullRequestsButton';
