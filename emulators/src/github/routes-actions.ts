// GitHub Actions over REST: workflows, runs and their jobs (as the runner reported them),
// deployments waiting for review and the review itself (approve or reject per environment),
// the reviews of a run, and the two ways to start runs — workflow_dispatch and
// repository_dispatch — delivered to whoever listens (the local runner) and answered 204.
// https://docs.github.com/en/rest/actions/workflow-runs
// https://docs.github.com/en/rest/actions/workflow-jobs
// https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
// https://docs.github.com/en/rest/repos/repos#create-a-repository-dispatch-event

import { pendingFor, reviewPending } from './actions.ts';
import { field, GithubError, invalidRequest, notFound, objectBody } from './errors.ts';
import type { GithubStore, RepoRecord, WorkflowRecord, WorkflowRunRecord } from './model.ts';
import { renderDeployment, renderJob, renderPendingDeployment, renderReview, renderRun, renderWorkflow, branchOf } from './render-actions.ts';
import { repoApiUrl, repoWebUrl } from './render-common.ts';
import { idParam, ok, type Call, type GithubRoute } from './routing.ts';

/** What a dispatch made through the REST API asks for. */
export interface DispatchRequest {
  event: 'workflow_dispatch' | 'repository_dispatch';
  /** `owner/name`. */
  repository: string;
  /** Who made the request. */
  sender: string;
  /** repository_dispatch: `event_type` and `client_payload`. */
  eventType?: string;
  clientPayload?: Record<string, unknown>;
  /** workflow_dispatch: the workflow as the path names it (file name, or the path of a known numeric id), the ref and the inputs. */
  workflow?: string;
  ref?: string;
  inputs?: Record<string, unknown>;
}

/** Resolves once the event is accepted (with the runs it started, if known); rejects with the reason it is refused. */
export type DispatchListener = (request: DispatchRequest) => Promise<{ runIds?: number[] } | void> | { runIds?: number[] } | void;

/** GitHub caps repository_dispatch's client_payload at 10 top-level keys and workflow_dispatch's inputs at 25. */
export const CLIENT_PAYLOAD_KEYS = 10;
export const DISPATCH_INPUTS = 25;

export function actionRoutes(store: GithubStore, deliver: (repo: RepoRecord, request: DispatchRequest) => Promise<{ runIds?: number[] }>): GithubRoute[] {
  const runOf = (call: Call): WorkflowRunRecord => {
    const run = call.repo.runs.get(idParam(call, 'run_id'));
    if (!run) throw notFound();
    return run;
  };
  const workflowOf = (call: Call): WorkflowRecord => {
    const id = call.req.params.workflow_id;
    const all = [...call.repo.workflows.values()];
    const found = /^\d+$/.test(id) ? all.find((w) => w.id === Number(id)) : all.find((w) => w.path === id || w.path.endsWith(`/${id}`));
    if (!found) throw notFound();
    return found;
  };

  return [
    {
      name: 'workflows.list', method: 'GET', path: '/repos/{owner}/{repo}/actions/workflows', paged: true,
      handler(call) {
        const all = [...call.repo.workflows.values()].sort((a, b) => a.id - b.id);
        const page = call.page(all);
        return ok({ total_count: all.length, workflows: page.items.map((w) => renderWorkflow(call.site, call.repo, w)) }, 200, page.headers);
      },
    },
    { name: 'workflows.get', method: 'GET', path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}', handler: (call) => ok(renderWorkflow(call.site, call.repo, workflowOf(call))) },
    {
      name: 'runs.list', method: 'GET', path: '/repos/{owner}/{repo}/actions/runs', paged: true,
      handler(call) {
        const q = call.req.query;
        const all = [...call.repo.runs.values()]
          .filter((r) => !q.event || r.event === q.event)
          .filter((r) => !q.status || r.status === q.status || r.conclusion === q.status)
          .filter((r) => !q.branch || branchOf(r.ref) === q.branch)
          .filter((r) => !q.actor || r.actor.login.toLowerCase() === q.actor.toLowerCase())
          .filter((r) => !q.head_sha || r.headSha === q.head_sha)
          .sort((a, b) => b.id - a.id);
        const page = call.page(all);
        return ok({ total_count: all.length, workflow_runs: page.items.map((r) => renderRun(call.site, call.repo, r)) }, 200, page.headers);
      },
    },
    { name: 'runs.get', method: 'GET', path: '/repos/{owner}/{repo}/actions/runs/{run_id}', handler: (call) => ok(renderRun(call.site, call.repo, runOf(call))) },
    {
      name: 'jobs.listForRun', method: 'GET', path: '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', paged: true,
      handler(call) {
        const run = runOf(call);
        const filter = call.req.query.filter ?? 'latest';
        if (!['latest', 'all'].includes(filter)) throw invalidRequest(`For 'properties/filter', "${filter}" is not one of ["latest", "all"].`);
        const all = [...run.jobs.values()].sort((a, b) => a.id - b.id);
        const page = call.page(all);
        return ok({ total_count: all.length, jobs: page.items.map((j) => renderJob(call.site, call.repo, run, j)) }, 200, page.headers);
      },
    },
    {
      name: 'jobs.get', method: 'GET', path: '/repos/{owner}/{repo}/actions/jobs/{job_id}',
      handler(call) {
        const id = idParam(call, 'job_id');
        for (const run of call.repo.runs.values()) for (const job of run.jobs.values()) if (job.id === id) return ok(renderJob(call.site, call.repo, run, job));
        throw notFound();
      },
    },
    {
      name: 'runs.pendingDeployments', method: 'GET', path: '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
      handler: (call) => ok(pendingFor(call.repo, runOf(call).id).map((env) => renderPendingDeployment(call.site, call.repo, env, call.caller))),
    },
    {
      name: 'runs.reviewPendingDeployments', method: 'POST', path: '/repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments',
      handler(call) {
        const run = runOf(call);
        const body = objectBody(() => call.req.json());
        const environmentIds = field<unknown[]>(body, 'environment_ids', 'array', { required: true }) as unknown[];
        if (environmentIds.some((id) => !Number.isInteger(id))) throw invalidRequest(`For 'items', ${JSON.stringify(environmentIds.find((id) => !Number.isInteger(id)))} is not an integer.`);
        const state = field<'approved' | 'rejected'>(body, 'state', 'string', { required: true, enum: ['approved', 'rejected'] }) as 'approved' | 'rejected';
        const comment = field<string>(body, 'comment', 'string', { required: true }) as string;
        const reviewed = reviewPending(store, call.repo, run, call.caller, { environmentIds: environmentIds as number[], state, comment });
        return ok(reviewed.map((d) => renderDeployment(call.site, call.repo, d)));
      },
    },
    {
      name: 'runs.approvals', method: 'GET', path: '/repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
      handler: (call) => ok((call.repo.reviews.get(runOf(call).id) ?? []).map((r) => renderReview(call.site, call.repo, r))),
    },
    {
      name: 'workflows.dispatch', method: 'POST', path: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches',
      async handler(call) {
        const body = objectBody(() => call.req.json());
        const ref = field<string>(body, 'ref', 'string', { required: true }) as string;
        const inputs = field<Record<string, unknown>>(body, 'inputs', 'object') ?? {};
        if (Object.keys(inputs).length > DISPATCH_INPUTS) throw invalidRequest(`For 'properties/inputs', ${Object.keys(inputs).length} properties is more than the maximum of ${DISPATCH_INPUTS}.`);
        const returnRun = field<boolean>(body, 'return_run_details', 'boolean') ?? false;
        const id = call.req.params.workflow_id;
        // A numeric id names a workflow the emulator has seen run; a file name is for the listener to resolve.
        const workflow = /^\d+$/.test(id) ? workflowOf(call).path : id;
        const outcome = await deliver(call.repo, { event: 'workflow_dispatch', repository: fullName(call.repo), sender: call.caller.login, workflow, ref, inputs });
        const runId = outcome.runIds?.[0];
        if (!returnRun || runId === undefined) return { status: 204 };
        return ok({ workflow_run_id: runId, run_url: `${repoApiUrl(call.site, call.repo)}/actions/runs/${runId}`, html_url: `${repoWebUrl(call.site, call.repo)}/actions/runs/${runId}` });
      },
    },
    {
      name: 'repos.dispatch', method: 'POST', path: '/repos/{owner}/{repo}/dispatches',
      async handler(call) {
        const body = objectBody(() => call.req.json());
        const eventType = field<string>(body, 'event_type', 'string', { required: true }) as string;
        if (eventType.length < 1 || eventType.length > 100) throw invalidRequest(`For 'properties/event_type', "${eventType}" must be 1 to 100 characters long.`);
        const clientPayload = field<Record<string, unknown>>(body, 'client_payload', 'object') ?? {};
        if (Object.keys(clientPayload).length > CLIENT_PAYLOAD_KEYS) {
          throw invalidRequest(`For 'properties/client_payload', ${Object.keys(clientPayload).length} properties is more than the maximum of ${CLIENT_PAYLOAD_KEYS}.`);
        }
        await deliver(call.repo, { event: 'repository_dispatch', repository: fullName(call.repo), sender: call.caller.login, eventType, clientPayload });
        return { status: 204 };
      },
    },
  ];
}

function fullName(repo: RepoRecord): string {
  return `${repo.owner.login}/${repo.name}`;
}

/** Runs every listener of the repository; a refusal becomes GitHub's 422 with the listener's reason. */
export async function deliverToListeners(listeners: Iterable<DispatchListener>, request: DispatchRequest): Promise<{ runIds?: number[] }> {
  const runIds: number[] = [];
  for (const listener of listeners) {
    try {
      const outcome = await listener(request);
      if (outcome?.runIds) runIds.push(...outcome.runIds);
    } catch (e) {
      throw new GithubError(422, e instanceof Error ? e.message : String(e));
    }
  }
  return { runIds };
}
