export { startGithubServer } from './server';
export type {
  GithubCall,
  GithubFault,
  GithubServer,
  GithubServerOptions,
  MutationFault,
  SeedRepoOptions,
} from './server';
export { gitBlobSha } from './objects';
export { createGithubApp } from './appFixture';
export type {
  GithubAppInstallation,
  GithubAppOptions,
  GithubApps,
} from './apps';
export type { CheckRunRecord, PullRequestRecord, StatusRecord } from './state';
