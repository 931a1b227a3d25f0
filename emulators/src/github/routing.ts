// What every repository route of the emulated GitHub shares: the caller's hourly budget counted
// and reported in `x-ratelimit-*` headers (403 once spent), the repository resolved (404 when it
// does not exist or the token cannot reach it), GitHub's error envelope, and for paged lists
// the `/repositories/{id}/...` twin their `Link` headers point at.

import type { EmulatorRequest, EmulatorResponse, Route } from '../http/index.ts';
import { GithubError, notFound } from './errors.ts';
import { repoKey, type GithubStore, type RepoRecord, type UserRecord } from './model.ts';
import { paginate, type Page } from './paging.ts';
import { quotaHeaders, type Quota } from './quota.ts';
import type { Site } from './render-common.ts';
import type { TokenRecord, TokenTable } from './tokens.ts';

export interface Call {
  req: EmulatorRequest;
  repo: RepoRecord;
  caller: UserRecord;
  token: TokenRecord;
  site: Site;
  /** The page of `items` the request asks for, with its Link header. */
  page<T>(items: readonly T[]): Page<T>;
}

export interface GithubRoute {
  name: string;
  method: string;
  /** Starts with `/repos/{owner}/{repo}`. */
  path: string;
  handler(call: Call): EmulatorResponse | Promise<EmulatorResponse>;
  /** A list GitHub pages: also served under `/repositories/{repository_id}`. */
  paged?: boolean;
}

export interface RoutingDeps {
  store: GithubStore;
  tokens: TokenTable;
  quota: Quota;
  /** The web origin for `html_url`s; default the origin the client called. */
  webUrl?: string;
}

const REPO_PREFIX = '/repos/{owner}/{repo}';
const ID_PREFIX = '/repositories/{repository_id}';

/** Headers GitHub sends on every API answer besides the rate limit. */
const API_HEADERS = { 'x-github-media-type': 'github.v3; format=json', 'x-github-api-version-selected': '2022-11-28' };

export function toRoutes(routes: readonly GithubRoute[], deps: RoutingDeps): Route[] {
  return routes.flatMap((route) => {
    if (!route.path.startsWith(REPO_PREFIX)) throw new Error(`github route ${route.name} must start with ${REPO_PREFIX}`);
    const handler = (req: EmulatorRequest) => handle(route, req, deps);
    const main: Route = { name: route.name, method: route.method, path: route.path, handler };
    if (!route.paged) return [main];
    return [main, { name: `${route.name}.byRepositoryId`, method: route.method, path: ID_PREFIX + route.path.slice(REPO_PREFIX.length), handler }];
  });
}

async function handle(route: GithubRoute, req: EmulatorRequest, deps: RoutingDeps): Promise<EmulatorResponse> {
  // `authenticate` let the call through, so the header names a token the table knows.
  const token = deps.tokens.resolve(req.headers.authorization) as TokenRecord;
  const reading = deps.quota.take(token.account, token.limit);
  const headers = { ...API_HEADERS, ...quotaHeaders(reading) };
  if (reading.exceeded) {
    const who = token.kind === 'run' ? `installation ID ${token.repository?.id}` : `user ID ${token.user.id}`;
    return {
      status: 403, headers,
      body: { message: `API rate limit exceeded for ${who}.`, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api', status: '403' },
    };
  }
  try {
    const repo = resolveRepo(req, deps.store, token);
    const site: Site = { api: req.origin, web: deps.webUrl ?? req.origin };
    const rest = req.params.repository_id === undefined ? req.path.split('/').slice(4).join('/') : req.path.split('/').slice(3).join('/');
    const linkPath = `/repositories/${repo.id}/${rest}`;
    const answer = await route.handler({ req, repo, caller: token.user, token, site, page: (items) => paginate(req, items, linkPath) });
    return { ...answer, headers: { ...headers, ...answer.headers } };
  } catch (e) {
    if (e instanceof GithubError) return { status: e.status, headers: { ...headers, ...e.headers }, body: e.body };
    throw e;
  }
}

function resolveRepo(req: EmulatorRequest, store: GithubStore, token: TokenRecord): RepoRecord {
  const repo =
    req.params.repository_id !== undefined
      ? [...store.repos.values()].find((r) => String(r.id) === req.params.repository_id)
      : store.repos.get(repoKey(`${req.params.owner}/${req.params.repo}`));
  // A run's token reaches its own repository only; others look absent, as private repositories do.
  if (!repo || (token.repository && token.repository !== repo)) throw notFound();
  return repo;
}

/** The numeric path parameter `name`, or 404 (GitHub answers a malformed id as an unknown one). */
export function idParam(call: Call, name: string): number {
  const raw = call.req.params[name];
  if (!/^\d+$/.test(raw ?? '')) throw notFound();
  return Number(raw);
}

/** A JSON answer. */
export function ok(body: unknown, status = 200, headers?: Record<string, string>): EmulatorResponse {
  return { status, body, ...(headers ? { headers } : {}) };
}
