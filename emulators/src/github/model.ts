// The emulated GitHub's state: users, repositories and what they hold (issues and pull requests
// sharing one number sequence, comments, labels, commit statuses, deployments, environments,
// workflows, runs, jobs, artifacts, pending deployments and their reviews, and the commits whose
// files the contents routes read and write). Plain data: the
// routes read and change it, the renderers turn it into GitHub's JSON.

export type UserType = 'User' | 'Bot' | 'Organization';

export interface UserRecord {
  id: number;
  login: string;
  type: UserType;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: UserRecord;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: LabelRecord[];
  assignees: UserRecord[];
  locked: boolean;
  lockReason: string | null;
  comments: number;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: UserRecord | null;
  /** Set when the issue is a pull request (GitHub lists pull requests among issues). */
  pull?: PullRecord;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: UserRecord;
  createdAt: number;
  updatedAt: number;
}

export interface PullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  patch?: string;
  previousFilename?: string;
}

export interface PullRecord {
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  draft: boolean;
  files: PullFile[];
  merged: boolean;
  mergedAt: number | null;
  mergedBy: UserRecord | null;
  mergeCommitSha: string | null;
}

export interface CommitStatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  targetUrl: string | null;
  description: string | null;
  context: string;
  creator: UserRecord;
  createdAt: number;
  updatedAt: number;
}

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface DeploymentStatusRecord {
  id: number;
  state: DeploymentState;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: UserRecord;
  createdAt: number;
  updatedAt: number;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: UserRecord;
  transient: boolean;
  production: boolean;
  statuses: DeploymentStatusRecord[];
  createdAt: number;
  updatedAt: number;
  /** The run that made it (a job naming the environment), when one did. */
  runId?: number;
}

export interface EnvironmentRecord {
  id: number;
  name: string;
  /** Logins of whom one must approve a job that names the environment; empty: no gate. */
  reviewers: UserRecord[];
  reviewersRuleId: number;
  preventSelfReview: boolean;
  waitTimer: number;
  secrets: Map<string, string>;
  variables: Map<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface WorkflowRecord {
  id: number;
  path: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  runCount: number;
}

export type RunStatus = 'queued' | 'pending' | 'waiting' | 'in_progress' | 'completed' | 'requested';
export type Conclusion = 'success' | 'failure' | 'cancelled' | 'skipped' | 'neutral' | 'timed_out' | 'action_required';

export interface JobStepRecord {
  name: string;
  status: string;
  conclusion: Conclusion | null;
  number: number;
  startedAt: number | null;
  completedAt: number | null;
}

export interface JobRecord {
  id: number;
  runId: number;
  name: string;
  status: RunStatus;
  conclusion: Conclusion | null;
  environment?: string;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  steps: JobStepRecord[];
  /** The deployment GitHub made for the job's environment. */
  deploymentId?: number;
}

export interface WorkflowRunRecord {
  id: number;
  workflow: WorkflowRecord;
  runNumber: number;
  event: string;
  headSha: string;
  /** Full ref, `refs/heads/main`. */
  ref: string;
  actor: UserRecord;
  status: RunStatus;
  conclusion: Conclusion | null;
  displayTitle: string;
  createdAt: number;
  updatedAt: number;
  startedAt: number;
  jobs: Map<string, JobRecord>;
}

export interface ArtifactFile {
  path: string;
  content: Buffer;
}

export interface ArtifactRecord {
  id: number;
  runId: number;
  name: string;
  files: ArtifactFile[];
  /** The zip GitHub hands out, built once at upload. */
  zip: Buffer;
  digest: string;
  createdAt: number;
  expiresAt: number;
}

/** A file of a commit's tree: its git blob id and bytes. */
export interface BlobRecord {
  sha: string;
  content: Buffer;
}

/** A commit: its whole tree (path → blob), so any commit's files read without walking history. */
export interface CommitRecord {
  sha: string;
  message: string;
  parents: string[];
  tree: Map<string, BlobRecord>;
  author: { name: string; email: string };
  createdAt: number;
}

export interface ReviewRecord {
  environments: EnvironmentRecord[];
  state: 'approved' | 'rejected';
  user: UserRecord;
  comment: string;
}

export interface PendingDeploymentRecord {
  runId: number;
  environment: EnvironmentRecord;
  since: number;
  resolve(review: ReviewRecord): void;
}

export interface RepoRecord {
  id: number;
  owner: UserRecord;
  name: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: number;
  /** Branch name → head sha, for deployments of a ref and the runs' branches (and `refs/heads/*` of the git routes). */
  branches: Map<string, string>;
  /** The commits the emulator holds (seeded with `commit`, made by the contents routes); a branch's head may be a sha it does not hold. */
  commits: Map<string, CommitRecord>;
  nextNumber: number;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  /** Lower-cased name → label. */
  labels: Map<string, LabelRecord>;
  statuses: CommitStatusRecord[];
  deployments: Map<number, DeploymentRecord>;
  /** Lower-cased name → environment. */
  environments: Map<string, EnvironmentRecord>;
  secrets: Map<string, string>;
  variables: Map<string, string>;
  workflows: Map<string, WorkflowRecord>;
  runs: Map<number, WorkflowRunRecord>;
  artifacts: Map<number, ArtifactRecord>;
  pending: PendingDeploymentRecord[];
  /** Run id → the reviews of its deployments, oldest first. */
  reviews: Map<number, ReviewRecord[]>;
}

/** One id sequence for everything, as unique ids across kinds make mix-ups visible. */
export interface GithubStore {
  users: Map<string, UserRecord>;
  repos: Map<string, RepoRecord>;
  nextId(): number;
  now(): number;
}

export function createStore(now: () => number): GithubStore {
  let id = 1000;
  return { users: new Map(), repos: new Map(), nextId: () => id++, now };
}

export function userKey(login: string): string {
  return login.toLowerCase();
}

export function repoKey(fullName: string): string {
  return fullName.toLowerCase();
}

export function ensureUser(store: GithubStore, login: string, type: UserType = login.endsWith('[bot]') ? 'Bot' : 'User'): UserRecord {
  const existing = store.users.get(userKey(login));
  if (existing) return existing;
  const user: UserRecord = { id: store.nextId(), login, type };
  store.users.set(userKey(login), user);
  return user;
}

export function createRepo(store: GithubStore, owner: UserRecord, name: string, options: { private?: boolean; description?: string; defaultBranch?: string; headSha?: string }): RepoRecord {
  const defaultBranch = options.defaultBranch ?? 'main';
  const repo: RepoRecord = {
    id: store.nextId(), owner, name, private: options.private ?? true, description: options.description ?? null, defaultBranch, createdAt: store.now(),
    branches: new Map(options.headSha ? [[defaultBranch, options.headSha]] : []), commits: new Map(), nextNumber: 1, issues: new Map(), comments: new Map(), labels: new Map(),
    statuses: [], deployments: new Map(), environments: new Map(), secrets: new Map(), variables: new Map(), workflows: new Map(), runs: new Map(),
    artifacts: new Map(), pending: [], reviews: new Map(),
  };
  store.repos.set(repoKey(`${owner.login}/${name}`), repo);
  return repo;
}

/** GitHub creates an environment the first time a job names it, without protection rules. */
export function ensureEnvironment(store: GithubStore, repo: RepoRecord, name: string): EnvironmentRecord {
  const existing = repo.environments.get(name.toLowerCase());
  if (existing) return existing;
  const env: EnvironmentRecord = {
    id: store.nextId(), name, reviewers: [], reviewersRuleId: store.nextId(), preventSelfReview: false, waitTimer: 0,
    secrets: new Map(), variables: new Map(), createdAt: store.now(), updatedAt: store.now(),
  };
  repo.environments.set(name.toLowerCase(), env);
  return env;
}

export function findLabel(repo: RepoRecord, name: string): LabelRecord | undefined {
  return repo.labels.get(name.toLowerCase());
}

/** Opens a pull request (an issue with `pull`, numbered in the issues' sequence): the in-process seeding and `POST /pulls` share it. */
export function insertPullRequest(
  store: GithubStore,
  repo: RepoRecord,
  input: { title: string; body: string | null; user: UserRecord; head: { ref: string; sha: string }; base: { ref: string; sha: string }; files: PullFile[]; draft: boolean; labels: LabelRecord[] },
): IssueRecord {
  const now = store.now();
  const issue: IssueRecord = {
    id: store.nextId(), number: repo.nextNumber++, title: input.title, body: input.body, user: input.user, state: 'open',
    stateReason: null, labels: input.labels, assignees: [], locked: false, lockReason: null, comments: 0, createdAt: now, updatedAt: now, closedAt: null, closedBy: null,
    pull: { head: input.head, base: input.base, draft: input.draft, files: input.files, merged: false, mergedAt: null, mergedBy: null, mergeCommitSha: null },
  };
  repo.issues.set(issue.number, issue);
  return issue;
}
