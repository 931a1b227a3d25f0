// The GitHub REST API emulator (api.github.com's paths, shapes and status codes) for what
// workflows and a local runner use: issues and comments, pull requests, commit statuses,
// deployments, environments, Actions runs, jobs, reviews, dispatches and artifacts, and whether
// the Pages site is public. Tokens are the emulator's own (`token X` or `Bearer X`); every answer
// carries `x-github-request-id` and the caller's `x-ratelimit-*`. README.md's GitHub section
// lists what it does not reproduce.

import { startEmulator, systemClock, type Emulator, type EmulatorOptions, type EmulatorResponse } from '../http/index.ts';
import { createControl, type GithubControl, type GithubRepositoryInput } from './control.ts';
import { DOCS, renderGithubError } from './errors.ts';
import { createStore, type RepoRecord, type UserType } from './model.ts';
import { createQuota, quotaHeaders } from './quota.ts';
import { actionRoutes, deliverToListeners, type DispatchListener } from './routes-actions.ts';
import { artifactRoutes } from './routes-artifacts.ts';
import { deploymentRoutes } from './routes-deployments.ts';
import { gitRoutes } from './routes-git.ts';
import { issueRoutes } from './routes-issues.ts';
import { pagesRoutes, type PagesControl } from './routes-pages.ts';
import { pullRoutes } from './routes-pulls.ts';
import { toRoutes } from './routing.ts';
import { createTokenTable, identityKey } from './tokens.ts';

/** What an unauthenticated caller may spend an hour, per address. */
const ANONYMOUS_REQUESTS_PER_HOUR = 60;

/** The framework's settings every emulator takes (TLS, clock, latency, faults, observers, logger, port), and GitHub's own. */
export interface GithubOptions extends Pick<EmulatorOptions, 'tls' | 'clock' | 'latency' | 'faults' | 'onExchange' | 'logger' | 'port'> {
  users?: { login: string; type?: UserType }[];
  repositories?: GithubRepositoryInput[];
  /** Personal access tokens accepted from the start (more with `issueToken`). */
  tokens?: { token: string; login: string }[];
  /** Where `html_url`s point; default the origin each client called. */
  webUrl?: string;
  /** Hourly budgets; default GitHub's 5,000 for a user's tokens and 1,000 for a repository's GITHUB_TOKENs. */
  requestsPerHour?: { user?: number; githubToken?: number };
}

export interface GithubEmulator extends Emulator, GithubControl, PagesControl {
  /** The routes served (for conformance tests that check each one was exercised). */
  routes(): { name: string; method: string; path: string }[];
}

export async function startGithub(options: GithubOptions = {}): Promise<GithubEmulator> {
  const clock = options.clock ?? systemClock;
  const store = createStore(() => clock.now());
  const tokens = createTokenTable();
  const quota = createQuota(clock);
  const listeners = new Map<RepoRecord, Set<DispatchListener>>();
  let url = '';
  const control = createControl(store, tokens, listeners, { webUrl: () => options.webUrl ?? url, requestsPerHour: options.requestsPerHour });
  for (const u of options.users ?? []) control.addUser(u.login, u.type);
  for (const r of options.repositories ?? []) control.addRepository(r);
  for (const t of options.tokens ?? []) control.issueToken(t.login, t.token);

  const artifacts = artifactRoutes(store);
  const pages = pagesRoutes(store);
  const deliver = (repo: RepoRecord, request: Parameters<DispatchListener>[0]) => deliverToListeners([...(listeners.get(repo) ?? [])], request);
  const routes = [
    ...toRoutes([...issueRoutes(store), ...pullRoutes(store), ...gitRoutes(store), ...deploymentRoutes(store), ...actionRoutes(store, deliver), ...artifacts.routes, ...pages.routes], { store, tokens, quota, webUrl: options.webUrl }),
    artifacts.blob,
  ];

  const refuse = (message: string, address: string): EmulatorResponse => ({
    status: 401,
    headers: quotaHeaders(quota.take(`anonymous:${address}`, ANONYMOUS_REQUESTS_PER_HOUR)),
    body: { message, documentation_url: DOCS, status: '401' },
  });

  const { tls, latency, faults, onExchange, logger, port } = options;
  const emulator = await startEmulator({
    name: 'github', routes, tls, clock, latency, faults, onExchange, logger, port,
    requestIdHeaders: ['x-github-request-id'],
    latencyTable: { defaultMs: 150 },
    errors: renderGithubError,
    authenticate(req) {
      const found = tokens.resolve(req.headers.authorization);
      if (found === 'missing') return refuse('Requires authentication', req.headers['x-forwarded-for'] ?? 'loopback');
      if (found === 'bad') return refuse('Bad credentials', req.headers['x-forwarded-for'] ?? 'loopback');
      return { key: identityKey(found) };
    },
    state: () => ({
      users: [...store.users.values()].map((u) => ({ login: u.login, id: u.id, type: u.type })),
      repositories: [...store.repos.values()].map((r) => ({
        fullName: `${r.owner.login}/${r.name}`, id: r.id, issues: r.issues.size, comments: r.comments.size, deployments: r.deployments.size,
        environments: [...r.environments.values()].map((e) => ({ name: e.name, reviewers: e.reviewers.map((u) => u.login), secrets: [...e.secrets.keys()], variables: [...e.variables.keys()] })),
        secrets: [...r.secrets.keys()], variables: [...r.variables.keys()],
        runs: [...r.runs.values()].map((run) => ({ id: run.id, workflow: run.workflow.path, status: run.status, conclusion: run.conclusion, jobs: run.jobs.size })),
        pendingReviews: r.pending.map((p) => ({ runId: p.runId, environment: p.environment.name })), artifacts: r.artifacts.size,
      })),
    }),
  });
  url = emulator.url;
  return Object.assign(emulator, control, pages.control, { routes: () => routes.map(({ name, method, path }) => ({ name, method, path })) });
}
