// The emulated GitHub REST API: issues, pull requests, statuses, deployments, environments and
// GitHub Actions (runs, jobs, reviews of pending deployments, dispatches, artifacts), with the
// in-process side a local workflow runner drives. See README.md's GitHub section.
export { startGithub, type GithubEmulator, type GithubOptions } from './server.ts';
export type { CommitInput as GithubCommitInput, EnvironmentReview, GithubControl, GithubEnvironmentInput, GithubRepositoryInput, PullRequestInput, StoredArtifact } from './control.ts';
export { ACTIONS_BOT as GITHUB_ACTIONS_BOT, ARTIFACT_RETENTION_DAYS, type JobReportInput, type RunInput } from './actions.ts';
export { CLIENT_PAYLOAD_KEYS, DISPATCH_INPUTS, type DispatchListener, type DispatchRequest } from './routes-actions.ts';
export { DOWNLOAD_URL_TTL_MS as ARTIFACT_DOWNLOAD_URL_TTL_MS } from './routes-artifacts.ts';
export { BODY_LIMIT as GITHUB_BODY_LIMIT } from './routes-issues.ts';
export type { PagesControl, PagesSiteInput } from './routes-pages.ts';
export { DEFAULT_PER_PAGE as GITHUB_DEFAULT_PER_PAGE, MAX_PER_PAGE as GITHUB_MAX_PER_PAGE } from './paging.ts';
export { GITHUB_TOKEN_REQUESTS_PER_HOUR, USER_REQUESTS_PER_HOUR as GITHUB_USER_REQUESTS_PER_HOUR } from './tokens.ts';
export { renderGithubError } from './errors.ts';
export { createZip, readZip, type ZipEntry } from './zip.ts';
export type { Conclusion as GithubConclusion, PullFile, RunStatus as GithubRunStatus, UserType as GithubUserType } from './model.ts';
