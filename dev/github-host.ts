// The local runner's GitHubHost over the emulated GitHub, so a run shows up in GitHub's REST API
// as it goes: runs and jobs, environments whose required reviewers make jobs wait for a pending
// deployment that `POST .../pending_deployments` releases (one review per environment per run),
// the reviews under `/approvals`, artifacts stored in the emulator and downloaded as a zip,
// secrets and variables per repository and environment, a GITHUB_TOKEN per run, and the
// dispatches steps make through the REST API delivered to the runner. Nothing of tenantops.
import type { DispatchRequest, GithubEmulator } from '@tenantops/emulators';
import type { Artifact, DeliveredEvent, EventSink, GitHubHost } from './runner/index.ts';

export interface EmulatedHostOptions {
  github: GithubEmulator;
  /** `owner/name`; created in the emulator when it does not hold it yet. */
  repository: string;
  /** `GITHUB_SERVER_URL`; default the emulator's URL (it has no web pages, GitHub's links point there). */
  serverUrl?: string;
}

export interface EmulatedHost extends GitHubHost {
  /** Stops delivering dispatches to the attached runner. */
  detach(): void;
}

export function createEmulatedHost(options: EmulatedHostOptions): EmulatedHost {
  const { github, repository } = options;
  if (!github.hasRepository(repository)) github.addRepository({ fullName: repository });
  const serverUrl = options.serverUrl ?? github.url;
  let detach = () => {};

  return {
    repository,
    serverUrl,
    apiUrl: github.url,

    getSecrets: async (environment) => github.secrets(repository, environment),
    getVariables: async (environment) => github.variables(repository, environment),
    async getProtection(environment) {
      const reviewers = github.environmentReviewers(repository, environment) ?? [];
      return reviewers.length ? { requiredReviewers: reviewers } : undefined;
    },

    async createRun(request) {
      const { workflowPath, workflowName, ...rest } = request;
      const run = github.createRun(repository, { ...rest, workflow: { path: workflowPath, name: workflowName } });
      return { id: run.id, runNumber: run.runNumber, url: `${serverUrl}/${repository}/actions/runs/${run.id}` };
    },
    updateRun: async (runId, status, conclusion) => github.updateRun(repository, runId, status, conclusion),
    reportJob(runId, job) {
      github.reportJob(repository, runId, { name: job.name, status: job.status, conclusion: job.conclusion, environment: job.environment, steps: job.steps });
    },
    createToken: async (runId, permissions) => github.issueRunToken(repository, runId, permissions),

    async requestApproval(request, signal) {
      const review = await github.waitForReview(repository, request.runId, request.environment, signal);
      return { state: review.state, reviewer: review.reviewer, comment: review.comment };
    },

    async uploadArtifact(runId, name, files) {
      try {
        return toArtifact(github.storeArtifact(repository, runId, name, files));
      } catch (err) {
        // As actions/upload-artifact v4 reports GitHub's refusal of a second upload of a name.
        throw new Error(`Failed to CreateArtifact: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    downloadArtifact: async (runId, name) => {
      const found = github.artifact(repository, runId, name);
      return found && toArtifact(found);
    },
    listArtifacts: async (runId) => github.artifacts(repository, runId),

    attach(sink: EventSink) {
      detach();
      detach = github.onDispatch(repository, async (request) => ({ runIds: runIdsOf(await sink.dispatch(toEvent(request))) }));
    },
    detach: () => detach(),
  };
}

function toArtifact(stored: Artifact): Artifact {
  return { id: stored.id, runId: stored.runId, name: stored.name, size: stored.size, files: stored.files };
}

/** A dispatch made through the REST API, as the event GitHub delivers for it. */
function toEvent(request: DispatchRequest): DeliveredEvent {
  const sender = { login: request.sender };
  if (request.event === 'repository_dispatch') {
    return { name: 'repository_dispatch', actor: request.sender, payload: { action: request.eventType, client_payload: request.clientPayload ?? {}, sender } };
  }
  return { name: 'workflow_dispatch', actor: request.sender, workflow: request.workflow, ref: request.ref, payload: { inputs: request.inputs ?? {}, sender } };
}

/** The ids of the runs a dispatch started, when the sink says (the runner answers its started runs). */
function runIdsOf(result: unknown): number[] {
  const runs = (result as { runs?: { record?: { id?: unknown } }[] } | undefined)?.runs;
  return Array.isArray(runs) ? runs.map((r) => r.record?.id).filter((id): id is number => typeof id === 'number') : [];
}
