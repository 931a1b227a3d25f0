// Deployments (create, list with `sha`, `ref`, `task`, `environment`, get), their statuses
// (create, list, get) and environments (list, get, create or update with required reviewers and
// a wait timer). A ref is resolved to a sha through the branches the emulator knows (from runs
// and seeding); a full sha is taken as it is.
// https://docs.github.com/en/rest/deployments/deployments
// https://docs.github.com/en/rest/deployments/statuses
// https://docs.github.com/en/rest/deployments/environments

import { addDeploymentStatus, createDeployment, listDeployments } from './deployments.ts';
import { field, GithubError, notFound, objectBody, validationFailed } from './errors.ts';
import { ensureEnvironment, type DeploymentRecord, type DeploymentState, type GithubStore, type UserRecord } from './model.ts';
import { renderDeployment, renderDeploymentStatus, renderEnvironment } from './render-actions.ts';
import { idParam, ok, type Call, type GithubRoute } from './routing.ts';

const STATES: readonly DeploymentState[] = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];

/** GitHub lets an environment name at most six reviewers. */
export const MAX_ENVIRONMENT_REVIEWERS = 6;

export function deploymentRoutes(store: GithubStore): GithubRoute[] {
  const deploymentOf = (call: Call): DeploymentRecord => {
    const d = call.repo.deployments.get(idParam(call, 'deployment_id'));
    if (!d) throw notFound();
    return d;
  };
  const environmentOf = (call: Call) => {
    const env = call.repo.environments.get(call.req.params.environment_name.toLowerCase());
    if (!env) throw notFound();
    return env;
  };

  return [
    {
      name: 'deployments.create', method: 'POST', path: '/repos/{owner}/{repo}/deployments',
      handler(call) {
        const body = objectBody(() => call.req.json());
        const ref = field<string>(body, 'ref', 'string', { required: true }) as string;
        const sha = /^[0-9a-f]{40}$/i.test(ref) ? ref : call.repo.branches.get(ref.replace(/^refs\/heads\//, ''));
        if (!sha) throw new GithubError(422, `No ref found for: ${ref}`, { documentationUrl: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment' });
        const payload = body.payload;
        if (payload !== undefined && typeof payload !== 'string' && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) {
          throw validationFailed([{ resource: 'Deployment', field: 'payload', code: 'invalid' }]);
        }
        const d = createDeployment(store, call.repo, {
          sha, ref, task: field<string>(body, 'task', 'string'), payload: payload as DeploymentRecord['payload'] | undefined,
          environment: field<string>(body, 'environment', 'string'), description: field<string>(body, 'description', 'string'), creator: call.caller,
          transient: field<boolean>(body, 'transient_environment', 'boolean'), production: field<boolean>(body, 'production_environment', 'boolean'),
        });
        ensureEnvironment(store, call.repo, d.environment);
        return ok(renderDeployment(call.site, call.repo, d), 201);
      },
    },
    {
      name: 'deployments.list', method: 'GET', path: '/repos/{owner}/{repo}/deployments', paged: true,
      handler(call) {
        const q = call.req.query;
        const page = call.page(listDeployments(call.repo, { sha: q.sha, ref: q.ref, task: q.task, environment: q.environment }));
        return ok(page.items.map((d) => renderDeployment(call.site, call.repo, d)), 200, page.headers);
      },
    },
    { name: 'deployments.get', method: 'GET', path: '/repos/{owner}/{repo}/deployments/{deployment_id}', handler: (call) => ok(renderDeployment(call.site, call.repo, deploymentOf(call))) },
    {
      name: 'deploymentStatuses.create', method: 'POST', path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses',
      handler(call) {
        const d = deploymentOf(call);
        const body = objectBody(() => call.req.json());
        const status = addDeploymentStatus(store, call.repo, d, {
          state: field(body, 'state', 'string', { required: true, enum: STATES }) as DeploymentState, description: field<string>(body, 'description', 'string'),
          environment: field<string>(body, 'environment', 'string'), targetUrl: field<string>(body, 'target_url', 'string'), logUrl: field<string>(body, 'log_url', 'string'),
          environmentUrl: field<string>(body, 'environment_url', 'string'), creator: call.caller, autoInactive: field<boolean>(body, 'auto_inactive', 'boolean'),
        });
        return ok(renderDeploymentStatus(call.site, call.repo, d, status), 201);
      },
    },
    {
      name: 'deploymentStatuses.list', method: 'GET', path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', paged: true,
      handler(call) {
        const d = deploymentOf(call);
        const page = call.page(d.statuses);
        return ok(page.items.map((s) => renderDeploymentStatus(call.site, call.repo, d, s)), 200, page.headers);
      },
    },
    {
      name: 'deploymentStatuses.get', method: 'GET', path: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}',
      handler(call) {
        const d = deploymentOf(call);
        const status = d.statuses.find((s) => s.id === idParam(call, 'status_id'));
        if (!status) throw notFound();
        return ok(renderDeploymentStatus(call.site, call.repo, d, status));
      },
    },
    {
      name: 'environments.list', method: 'GET', path: '/repos/{owner}/{repo}/environments', paged: true,
      handler(call) {
        const all = [...call.repo.environments.values()].sort((a, b) => a.name.localeCompare(b.name));
        const page = call.page(all);
        return ok({ total_count: all.length, environments: page.items.map((e) => renderEnvironment(call.site, call.repo, e)) }, 200, page.headers);
      },
    },
    { name: 'environments.get', method: 'GET', path: '/repos/{owner}/{repo}/environments/{environment_name}', handler: (call) => ok(renderEnvironment(call.site, call.repo, environmentOf(call))) },
    {
      name: 'environments.createOrUpdate', method: 'PUT', path: '/repos/{owner}/{repo}/environments/{environment_name}',
      handler(call) {
        const body = call.req.body.length ? objectBody(() => call.req.json()) : {};
        const env = ensureEnvironment(store, call.repo, call.req.params.environment_name);
        const waitTimer = field<number>(body, 'wait_timer', 'integer');
        if (waitTimer !== undefined && (waitTimer < 0 || waitTimer > 43200)) throw validationFailed([{ resource: 'Environment', field: 'wait_timer', code: 'invalid' }]);
        if (waitTimer !== undefined) env.waitTimer = waitTimer;
        const prevent = field<boolean>(body, 'prevent_self_review', 'boolean');
        if (prevent !== undefined) env.preventSelfReview = prevent;
        if (body.reviewers !== undefined) env.reviewers = reviewersFrom(store, body.reviewers);
        env.updatedAt = store.now();
        return ok(renderEnvironment(call.site, call.repo, env));
      },
    },
  ];
}

/** `reviewers: [{type: 'User', id}]`: users the emulator knows (teams are not reproduced). */
function reviewersFrom(store: GithubStore, raw: unknown): UserRecord[] {
  if (raw === null) return [];
  if (!Array.isArray(raw)) throw validationFailed([{ resource: 'Environment', field: 'reviewers', code: 'invalid' }]);
  if (raw.length > MAX_ENVIRONMENT_REVIEWERS) throw validationFailed([{ resource: 'Environment', field: 'reviewers', code: 'invalid', message: `at most ${MAX_ENVIRONMENT_REVIEWERS} reviewers` }]);
  return raw.map((r: { type?: unknown; id?: unknown }) => {
    const user = r?.type === 'User' ? [...store.users.values()].find((u) => u.id === r.id) : undefined;
    if (!user) throw validationFailed([{ resource: 'Environment', field: 'reviewers', code: 'invalid', message: `no user with id ${String(r?.id)} (teams are not emulated)` }]);
    return user;
  });
}
