// One workflow run from creation to conclusion: created on the host (id, number, URL, token),
// held by its workflow-level concurrency group, its `env` evaluated, its jobs run, then
// concluded (failure when a job failed, cancelled when the run was) with its artifacts listed.
// Cancelling re-evaluates each unfinished job's `if` with cancelled() true and cancels only the
// jobs it does not hold for.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-cancellation
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ApprovalBoard } from './approvals.ts';
import { ConcurrencyCancelled, type ConcurrencyRegistry } from './concurrency.ts';
import { buildGithubContext, type RunIdentity } from './contexts.ts';
import type { NormalizedEvent } from './events.ts';
import { evaluateStringMap, evaluateToken } from './expressions.ts';
import type { GitHubHost } from './host.ts';
import { runJobGraph } from './job-graph.ts';
import type { ActiveInstance, InstanceScope } from './job-instance.ts';
import type { MachineOptions } from './job-run.ts';
import { resolveConcurrency } from './job-settings.ts';
import type { RunRecord } from './record.ts';
import type { Slots } from './slots.ts';
import { joinConcurrencyGroup } from './waiting.ts';
import type { LoadedWorkflow } from './workflows.ts';

export interface RunServices {
  host: GitHubHost;
  concurrency: ConcurrencyRegistry;
  machines: Slots;
  machine: MachineOptions;
  workRoot: string;
  keepWorkDirs: boolean;
}

export interface StartedRun {
  record: RunRecord;
  done: Promise<RunRecord>;
  cancel(reason?: string): void;
}

export async function startWorkflowRun(
  workflow: LoadedWorkflow,
  event: NormalizedEvent,
  inputs: Record<string, unknown>,
  services: RunServices,
): Promise<StartedRun> {
  const { host } = services;
  const created = await host.createRun({ workflowPath: workflow.path, workflowName: workflow.name, event: event.name, headSha: event.sha, ref: event.ref, actor: event.actor });
  const permissions = evaluateToken(workflow.root.find('permissions'), { contexts: {} }) as Record<string, string> | string | undefined;
  const token = await host.createToken(created.id, permissions);
  const record: RunRecord = {
    id: created.id,
    runNumber: created.runNumber,
    url: created.url,
    workflow: { path: workflow.path, name: workflow.name },
    event: event.name,
    ref: event.ref,
    sha: event.sha,
    actor: event.actor,
    status: 'queued',
    jobs: [],
    annotations: [],
    artifacts: [],
    permissions,
    inputs: event.name === 'workflow_dispatch' ? inputs : undefined,
  };
  const run: RunIdentity = { id: created.id, runNumber: created.runNumber, workflow, event, repository: host.repository, serverUrl: host.serverUrl, apiUrl: host.apiUrl, token };
  const abort = new AbortController();
  const active = new Set<ActiveInstance>();
  let cancelled = false;

  const cancel = (reason = 'The run was canceled') => {
    if (cancelled || record.status === 'completed') return;
    cancelled = true;
    abort.abort(new Error(reason));
    for (const instance of active) {
      if (safely(instance.survivesCancel)) continue;
      if (instance.started) instance.control.cancel(reason);
      else instance.waiting.abort(new Error(reason));
    }
  };
  const done = executeRun(workflow, run, record, inputs, services, { abort, active, isCancelled: () => cancelled, cancel });
  return { record, done, cancel };
}

interface RunControl {
  abort: AbortController;
  active: Set<ActiveInstance>;
  isCancelled(): boolean;
  cancel(reason?: string): void;
}

async function executeRun(workflow: LoadedWorkflow, run: RunIdentity, record: RunRecord, inputs: Record<string, unknown>, services: RunServices, control: RunControl): Promise<RunRecord> {
  const { host } = services;
  const runDir = path.join(services.workRoot, `run-${run.id}`);
  let release: (() => void) | undefined;
  const error = (message: string) => record.annotations.push({ level: 'error', message, shown: true });
  try {
    const [repoSecrets, repoVars] = await Promise.all([host.getSecrets(), host.getVariables()]);
    const contexts = { github: buildGithubContext(run), inputs, vars: repoVars };
    const concurrency = resolveConcurrency(workflow.template.concurrency, { contexts });
    record.concurrency = concurrency;
    if (concurrency) {
      record.status = 'pending';
      await host.updateRun(run.id, 'pending');
      release = await joinConcurrencyGroup(services.concurrency, concurrency, { label: `${workflow.name} #${run.runNumber}`, cancel: (reason) => control.cancel(reason) }, control.abort.signal);
    }
    if (control.isCancelled()) return await conclude('cancelled');
    record.status = 'in_progress';
    await host.updateRun(run.id, 'in_progress');
    const workflowEnv = evaluateStringMap(workflow.template.env, { contexts: { ...contexts, secrets: { ...repoSecrets, GITHUB_TOKEN: run.token } } });
    mkdirSync(runDir, { recursive: true });
    const scope: InstanceScope = {
      run,
      workflow,
      record,
      repoSecrets,
      repoVars,
      inputs,
      workflowEnv,
      approvals: new ApprovalBoard(host, run.id, control.abort.signal),
      host,
      concurrency: services.concurrency,
      machines: services.machines,
      machine: services.machine,
      runDir,
      isCancelled: control.isCancelled,
      active: control.active,
    };
    await runJobGraph(scope);
    // A failed job fails the run; otherwise a cancelled one (the run's, or a job's own, by its
    // concurrency group) makes it cancelled.
    if (record.jobs.some((j) => j.conclusion === 'failure')) return await conclude('failure');
    if (control.isCancelled() || record.jobs.some((j) => j.conclusion === 'cancelled')) return await conclude('cancelled');
    return await conclude('success');
  } catch (err) {
    if (err instanceof ConcurrencyCancelled || control.abort.signal.aborted) {
      record.annotations.push({ level: 'notice', message: err instanceof Error ? err.message : String(err), shown: true });
      return await conclude('cancelled');
    }
    error(err instanceof Error ? err.message : String(err));
    return await conclude('failure');
  } finally {
    release?.();
    if (!services.keepWorkDirs) rmSync(runDir, { recursive: true, force: true });
  }

  async function conclude(conclusion: 'success' | 'failure' | 'cancelled'): Promise<RunRecord> {
    record.artifacts = await host.listArtifacts(run.id);
    record.status = 'completed';
    record.conclusion = conclusion;
    await host.updateRun(run.id, 'completed', conclusion);
    return record;
  }
}

function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
