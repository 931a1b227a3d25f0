// The events the runner accepts and what GitHub derives from each: the ref and sha a run checks
// out (`GITHUB_REF`, `GITHUB_SHA`), the payload's common fields (`repository`, `sender`), and for
// each trigger a sample event so every workflow can be planned for every event it declares.
// https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
import type { LoadedWorkflow } from './workflows.ts';

export interface RepositoryEvent {
  /** `push`, `pull_request`, `workflow_dispatch`, `repository_dispatch`, `workflow_run`, `schedule`, … */
  name: string;
  /** The webhook payload (`github.event`); fields the runner needs and finds missing are filled in. */
  payload?: Record<string, unknown>;
  /** Full or short ref; defaults from the payload, else the default branch. */
  ref?: string;
  sha?: string;
  actor?: string;
  /** push / pull_request: the changed files the `paths` filters look at. */
  changedFiles?: string[];
  /** workflow_dispatch: the workflow (file name, path or name) to run. */
  workflow?: string;
  /** workflow_dispatch: the inputs (also accepted as `payload.inputs`). */
  inputs?: Record<string, unknown>;
  /** schedule: the cron that fired; every scheduled workflow runs when absent. */
  schedule?: string;
}

export interface NormalizedEvent {
  name: string;
  payload: Record<string, unknown>;
  ref: string;
  sha: string;
  actor: string;
  changedFiles?: string[];
  workflow?: string;
  schedule?: string;
  /** How many workflow_run links led here (GitHub stops chaining after three). */
  chainDepth: number;
}

export interface EventDefaults {
  repository: string;
  defaultBranch: string;
  actor: string;
  /** Resolves a full ref (or sha) of the checkout to a commit sha. */
  resolveSha(ref: string): string;
}

export function normalizeEvent(event: RepositoryEvent, defaults: EventDefaults, chainDepth = 0): NormalizedEvent {
  const payload: Record<string, unknown> = { ...event.payload };
  const pr = payload.pull_request as { number?: number; head?: { sha?: string } } | undefined;
  const ref = fullRef(event.ref ?? refFromPayload(event.name, payload) ?? defaults.defaultBranch);
  const sha = event.sha ?? shaFromPayload(event.name, payload) ?? defaults.resolveSha(ref.startsWith('refs/pull/') ? `refs/heads/${defaults.defaultBranch}` : ref);
  const [owner, name] = defaults.repository.split('/');
  const actor = event.actor ?? ((payload.sender as { login?: string } | undefined)?.login ?? defaults.actor);
  payload.repository ??= { full_name: defaults.repository, name, owner: { login: owner }, default_branch: defaults.defaultBranch };
  payload.sender ??= { login: actor };
  if (event.name === 'workflow_dispatch') {
    payload.ref ??= ref;
    payload.inputs ??= event.inputs ?? {};
  }
  if (event.name === 'schedule' && event.schedule) payload.schedule ??= event.schedule;
  if (event.name === 'pull_request') payload.number ??= pr?.number;
  return { name: event.name, payload, ref, sha, actor, changedFiles: event.changedFiles, workflow: event.workflow, schedule: event.schedule, chainDepth };
}

export function fullRef(ref: string): string {
  return ref.startsWith('refs/') || /^[0-9a-f]{40}$/.test(ref) ? ref : `refs/heads/${ref}`;
}

function refFromPayload(name: string, payload: Record<string, unknown>): string | undefined {
  if (name === 'push' && typeof payload.ref === 'string') return payload.ref;
  const pr = payload.pull_request as { number?: number } | undefined;
  // A pull request run checks out the merge ref GitHub creates for it.
  if ((name === 'pull_request' || name === 'pull_request_target') && pr?.number !== undefined) return `refs/pull/${pr.number}/merge`;
  if (name === 'workflow_run') {
    const branch = (payload.workflow_run as { head_branch?: string } | undefined)?.head_branch;
    return branch ? `refs/heads/${branch}` : undefined;
  }
  return undefined;
}

function shaFromPayload(name: string, payload: Record<string, unknown>): string | undefined {
  if (name === 'push' && typeof payload.after === 'string') return payload.after;
  if (name === 'pull_request') return (payload.pull_request as { head?: { sha?: string } } | undefined)?.head?.sha;
  if (name === 'workflow_run') return (payload.workflow_run as { head_sha?: string } | undefined)?.head_sha;
  return undefined;
}

/** One event per trigger a workflow declares, shaped to pass its filters (for dry runs). */
export function sampleEvents(workflow: LoadedWorkflow, defaultBranch = 'main'): RepositoryEvent[] {
  const events = workflow.template.events;
  const out: RepositoryEvent[] = [];
  const samplePath = (paths?: string[]) => (paths?.find((p) => !p.startsWith('!')) ?? 'README.md').replace(/\*\*/g, 'sample').replace(/\*/g, 'sample');
  const sampleBranch = (branches?: string[]) => {
    const b = branches?.find((p) => !p.startsWith('!') && !/[*?+[]/.test(p));
    return b ?? defaultBranch;
  };
  if (events.push) {
    const branch = sampleBranch(events.push.branches);
    out.push({ name: 'push', payload: { ref: `refs/heads/${branch}`, before: '0'.repeat(40) }, changedFiles: [samplePath(events.push.paths)] });
  }
  if (events.pull_request) {
    const base = sampleBranch(events.pull_request.branches);
    out.push({
      name: 'pull_request',
      payload: { action: events.pull_request.types?.[0] ?? 'opened', number: 1, pull_request: { number: 1, base: { ref: base }, head: { ref: 'feature' } } },
      changedFiles: [samplePath(events.pull_request.paths)],
    });
  }
  if (events.workflow_dispatch) {
    const inputs: Record<string, unknown> = {};
    for (const [key, input] of Object.entries(events.workflow_dispatch.inputs ?? {})) {
      if (input.required && input.default === undefined) inputs[key] = input.options?.[0] ?? (input.type === 'boolean' ? 'true' : 'sample');
    }
    out.push({ name: 'workflow_dispatch', workflow: workflow.path, inputs });
  }
  if (events.repository_dispatch) {
    out.push({ name: 'repository_dispatch', payload: { action: events.repository_dispatch.types?.[0] ?? 'sample', client_payload: {} } });
  }
  if (events.schedule?.length) out.push({ name: 'schedule', schedule: events.schedule[0].cron });
  if (events.workflow_run) {
    out.push({
      name: 'workflow_run',
      payload: { action: events.workflow_run.types?.[0] ?? 'completed', workflow_run: { name: events.workflow_run.workflows?.[0] ?? 'sample', head_branch: defaultBranch, conclusion: 'success' } },
    });
  }
  return out;
}
