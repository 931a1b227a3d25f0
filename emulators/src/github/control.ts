// The in-process side of the emulated GitHub: what a test or a local workflow runner does to it
// that is not REST — seeding users and repositories, issuing tokens, opening and merging pull
// requests (there is no git), setting secrets, variables and environment reviewers, and the
// runner's part of GitHub Actions (runs, job reports, waits for review, artifacts, dispatches).

import { createRun, reportJob, setRunStatus, storeArtifact, waitForReview, ACTIONS_BOT, type JobReportInput, type RunInput } from './actions.ts';
import { writeCommit } from './routes-git.ts';
import {
  createRepo, ensureEnvironment, ensureUser, insertPullRequest, repoKey, type Conclusion, type GithubStore, type IssueRecord, type PullFile, type RepoRecord, type RunStatus,
  type UserType, type WorkflowRunRecord,
} from './model.ts';
import type { DispatchListener } from './routes-actions.ts';
import { GITHUB_TOKEN_REQUESTS_PER_HOUR, USER_REQUESTS_PER_HOUR, type TokenTable } from './tokens.ts';

export interface GithubEnvironmentInput {
  /** Logins of the required reviewers (one of them must approve); empty or absent: no gate. */
  reviewers?: string[];
  preventSelfReview?: boolean;
  /** Minutes; shown, not waited for. */
  waitTimer?: number;
  secrets?: Record<string, string>;
  variables?: Record<string, string>;
}

export interface GithubRepositoryInput {
  /** `owner/name`; the owner is created as a user when unknown. */
  fullName: string;
  /** Default true. */
  private?: boolean;
  description?: string;
  /** Default `main`. */
  defaultBranch?: string;
  /** The default branch's head, for deployments of it before any run. */
  headSha?: string;
  secrets?: Record<string, string>;
  variables?: Record<string, string>;
  environments?: Record<string, GithubEnvironmentInput>;
}

export interface PullRequestInput {
  title: string;
  body?: string;
  /** Login of the author; created when unknown. */
  user: string;
  head: { ref: string; sha: string };
  base: { ref: string; sha?: string };
  files?: PullFile[];
  draft?: boolean;
  labels?: string[];
}

export interface CommitInput {
  message: string;
  /** Path → new content, or null to delete the file. */
  files: Record<string, string | Buffer | null>;
  branch?: string;
  author?: { name: string; email: string };
  sha?: string;
}

export interface EnvironmentReview {
  state: 'approved' | 'rejected';
  /** Login of the reviewer. */
  reviewer: string;
  comment: string;
}

export interface StoredArtifact {
  id: number;
  runId: number;
  name: string;
  /** Bytes of the zip GitHub serves. */
  size: number;
  files: { path: string; content: Buffer }[];
}

export interface GithubControl {
  addUser(login: string, type?: UserType): void;
  addRepository(input: GithubRepositoryInput): void;
  hasRepository(fullName: string): boolean;
  /** A personal access token of `login` (created when unknown): every repository, 5,000 requests an hour. */
  issueToken(login: string, token?: string): string;
  /** A run's GITHUB_TOKEN: acts as github-actions[bot], reaches only the run's repository, 1,000 requests an hour. */
  issueRunToken(repository: string, runId: number, permissions?: unknown): string;
  revokeToken(token: string): void;
  configureEnvironment(repository: string, name: string, input: GithubEnvironmentInput): void;
  /** Logins of the environment's required reviewers; undefined when the environment does not exist. */
  environmentReviewers(repository: string, name: string): string[] | undefined;
  /** Repository secrets (no environment) or the environment's own. */
  secrets(repository: string, environment?: string): Record<string, string>;
  variables(repository: string, environment?: string): Record<string, string>;
  openPullRequest(repository: string, input: PullRequestInput): number;
  /**
   * Commits files onto a branch (default: the default branch; created when new) and returns the
   * sha: `content: null` deletes a file. `sha` mirrors a commit of a real git repository under its
   * own id, so a host that holds the repository keeps one history. What the contents routes read.
   */
  commit(repository: string, input: CommitInput): string;
  mergePullRequest(repository: string, number: number, merge: { mergeCommitSha: string; by?: string }): void;
  createRun(repository: string, input: RunInput): { id: number; runNumber: number; htmlUrl: string };
  updateRun(repository: string, runId: number, status: RunStatus, conclusion?: Conclusion): void;
  reportJob(repository: string, runId: number, report: JobReportInput): void;
  /** Opens a deployment of the run waiting for the environment's reviewers; resolves with the review given through the REST API. */
  waitForReview(repository: string, runId: number, environment: string, signal?: AbortSignal): Promise<EnvironmentReview>;
  /** Environments the run's deployments wait for. */
  pendingReviews(repository: string, runId: number): string[];
  storeArtifact(repository: string, runId: number, name: string, files: { path: string; content: Buffer }[]): StoredArtifact;
  artifact(repository: string, runId: number, name: string): StoredArtifact | undefined;
  artifacts(repository: string, runId: number): Omit<StoredArtifact, 'files'>[];
  /** Hears the dispatches made through the REST API for the repository; returns the removal. */
  onDispatch(repository: string, listener: DispatchListener): () => void;
}

export interface ControlSettings {
  webUrl(): string;
  requestsPerHour?: { user?: number; githubToken?: number };
}

export function createControl(store: GithubStore, tokens: TokenTable, listeners: Map<RepoRecord, Set<DispatchListener>>, settings: ControlSettings): GithubControl {
  const repoOf = (fullName: string): RepoRecord => {
    const repo = store.repos.get(repoKey(fullName));
    if (!repo) throw new Error(`the GitHub emulator has no repository ${fullName}`);
    return repo;
  };
  const runOf = (repo: RepoRecord, runId: number): WorkflowRunRecord => {
    const run = repo.runs.get(runId);
    if (!run) throw new Error(`the GitHub emulator has no run ${runId} in ${repo.owner.login}/${repo.name}`);
    return run;
  };
  const environmentOf = (repo: RepoRecord, name: string | undefined) => (name === undefined ? undefined : repo.environments.get(name.toLowerCase()));
  const summary = (a: { id: number; runId: number; name: string; zip: Buffer }) => ({ id: a.id, runId: a.runId, name: a.name, size: a.zip.length });

  const control: GithubControl = {
    addUser: (login, type) => void ensureUser(store, login, type),
    addRepository(input) {
      const [owner, name] = input.fullName.split('/');
      if (!owner || !name) throw new Error(`a repository is named owner/name, not ${input.fullName}`);
      if (store.repos.has(repoKey(input.fullName))) throw new Error(`the GitHub emulator already has ${input.fullName}`);
      const repo = createRepo(store, ensureUser(store, owner), name, { private: input.private, description: input.description, defaultBranch: input.defaultBranch, headSha: input.headSha });
      for (const [k, v] of Object.entries(input.secrets ?? {})) repo.secrets.set(k, v);
      for (const [k, v] of Object.entries(input.variables ?? {})) repo.variables.set(k, v);
      for (const [envName, env] of Object.entries(input.environments ?? {})) control.configureEnvironment(input.fullName, envName, env);
    },
    hasRepository: (fullName) => store.repos.has(repoKey(fullName)),
    issueToken: (login, token) => tokens.issue({ kind: 'user', user: ensureUser(store, login), account: `user:${login.toLowerCase()}`, limit: settings.requestsPerHour?.user ?? USER_REQUESTS_PER_HOUR }, token),
    issueRunToken(repository, runId, permissions) {
      const repo = repoOf(repository);
      return tokens.issue({ kind: 'run', user: ensureUser(store, ACTIONS_BOT, 'Bot'), repository: repo, runId, account: `repo:${repo.id}`, limit: settings.requestsPerHour?.githubToken ?? GITHUB_TOKEN_REQUESTS_PER_HOUR, permissions });
    },
    revokeToken: (token) => tokens.revoke(token),
    configureEnvironment(repository, name, input) {
      const env = ensureEnvironment(store, repoOf(repository), name);
      if (input.reviewers) env.reviewers = input.reviewers.map((login) => ensureUser(store, login));
      if (input.preventSelfReview !== undefined) env.preventSelfReview = input.preventSelfReview;
      if (input.waitTimer !== undefined) env.waitTimer = input.waitTimer;
      for (const [k, v] of Object.entries(input.secrets ?? {})) env.secrets.set(k, v);
      for (const [k, v] of Object.entries(input.variables ?? {})) env.variables.set(k, v);
      env.updatedAt = store.now();
    },
    environmentReviewers: (repository, name) => environmentOf(repoOf(repository), name)?.reviewers.map((u) => u.login),
    secrets(repository, environment) {
      const repo = repoOf(repository);
      return Object.fromEntries(environment === undefined ? repo.secrets : (environmentOf(repo, environment)?.secrets ?? []));
    },
    variables(repository, environment) {
      const repo = repoOf(repository);
      return Object.fromEntries(environment === undefined ? repo.variables : (environmentOf(repo, environment)?.variables ?? []));
    },
    openPullRequest(repository, input) {
      const repo = repoOf(repository);
      const labels = (input.labels ?? []).map((n) => repo.labels.get(n.toLowerCase()) ?? { id: store.nextId(), name: n, color: 'ededed', description: null, default: false });
      for (const l of labels) repo.labels.set(l.name.toLowerCase(), l);
      return insertPullRequest(store, repo, {
        title: input.title, body: input.body ?? null, user: ensureUser(store, input.user), labels, draft: input.draft ?? false, files: input.files ?? [],
        head: input.head, base: { ref: input.base.ref, sha: input.base.sha ?? repo.branches.get(input.base.ref) ?? input.head.sha },
      }).number;
    },
    commit(repository, input) {
      const repo = repoOf(repository);
      const branch = input.branch ?? repo.defaultBranch;
      const changes = Object.entries(input.files).map(([path, content]) => ({ path, content: content === null ? null : Buffer.from(content) }));
      const commit = writeCommit(store, repo, { parent: repo.branches.get(branch), changes, message: input.message, author: input.author ?? { name: 'tenantops', email: 'tenantops@example.com' }, sha: input.sha });
      repo.branches.set(branch, commit.sha);
      return commit.sha;
    },
    mergePullRequest(repository, number, merge) {
      const repo = repoOf(repository);
      const issue = repo.issues.get(number);
      if (!issue?.pull) throw new Error(`${repository} has no pull request #${number}`);
      const now = store.now();
      const by = ensureUser(store, merge.by ?? repo.owner.login);
      Object.assign(issue.pull, { merged: true, mergedAt: now, mergedBy: by, mergeCommitSha: merge.mergeCommitSha });
      Object.assign(issue, { state: 'closed', closedAt: now, closedBy: by, updatedAt: now });
      repo.branches.set(issue.pull.base.ref, merge.mergeCommitSha);
    },
    createRun(repository, input) {
      const repo = repoOf(repository);
      const run = createRun(store, repo, input);
      return { id: run.id, runNumber: run.runNumber, htmlUrl: `${settings.webUrl()}/${repo.owner.login}/${repo.name}/actions/runs/${run.id}` };
    },
    updateRun(repository, runId, status, conclusion) {
      const repo = repoOf(repository);
      setRunStatus(store, runOf(repo, runId), status, conclusion);
    },
    reportJob(repository, runId, report) {
      const repo = repoOf(repository);
      reportJob(store, repo, runOf(repo, runId), report);
    },
    async waitForReview(repository, runId, environment, signal) {
      const repo = repoOf(repository);
      const review = await waitForReview(repo, runOf(repo, runId), ensureEnvironment(store, repo, environment), store.now(), signal);
      return { state: review.state, reviewer: review.user.login, comment: review.comment };
    },
    pendingReviews: (repository, runId) => repoOf(repository).pending.filter((p) => p.runId === runId).map((p) => p.environment.name),
    storeArtifact(repository, runId, name, files) {
      const repo = repoOf(repository);
      const artifact = storeArtifact(store, repo, runOf(repo, runId), name, files);
      return { ...summary(artifact), files: artifact.files };
    },
    artifact(repository, runId, name) {
      const found = [...repoOf(repository).artifacts.values()].find((a) => a.runId === runId && a.name === name);
      return found && { ...summary(found), files: found.files.map((f) => ({ path: f.path, content: Buffer.from(f.content) })) };
    },
    artifacts: (repository, runId) => [...repoOf(repository).artifacts.values()].filter((a) => a.runId === runId).map(summary),
    onDispatch(repository, listener) {
      const repo = repoOf(repository);
      const set = listeners.get(repo) ?? new Set<DispatchListener>();
      listeners.set(repo, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
  return control;
}
