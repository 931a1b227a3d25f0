// What workflows do to other runs: dispatch a workflow (the merge hands each tenant its own
// provisioning run), and read who approved a run's environment gate.
import type { Octokit } from '@octokit/rest';
import type { RepositoryRef } from './api.ts';

export async function dispatchWorkflow(octokit: Octokit, repo: RepositoryRef, workflow: string, ref: string, inputs: Record<string, string>): Promise<void> {
  try {
    await octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: workflow, ref, inputs });
  } catch (err) {
    // A POST is not retried by the HTTP client, and a reused keep-alive connection the server
    // closed at the same moment fails with a reset before any answer: the dispatch never arrived
    // (an answered one gets a status), so sending it once more cannot start a second run.
    if (!isResetBeforeAnswer(err)) throw err;
    await octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: workflow, ref, inputs });
  }
}

/** Octokit's error for a request that got no HTTP answer because the connection was reset or closed. */
export function isResetBeforeAnswer(err: unknown): boolean {
  const e = err as { status?: number; response?: unknown; message?: string } | undefined;
  return e?.status === 500 && e.response === undefined && /ECONNRESET|socket hang up|other side closed|EPIPE/i.test(e.message ?? '');
}

export interface Approval {
  user: string;
  state: 'approved' | 'rejected';
  comment: string;
  environments: string[];
}

/** The reviews of a run's deployment gates (`GET …/actions/runs/{id}/approvals`), for `environment` when given. */
export async function readApprovals(octokit: Octokit, repo: RepositoryRef, runId: number, environment?: string): Promise<Approval[]> {
  const { data } = await octokit.rest.actions.getReviewsForRun({ ...repo, run_id: runId });
  return data
    .map((a) => ({ user: a.user.login, state: a.state as Approval['state'], comment: a.comment, environments: a.environments.map((e) => e.name ?? '') }))
    .filter((a) => !environment || a.environments.includes(environment));
}
