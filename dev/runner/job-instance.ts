// One job (one matrix combination) from queued to completed: its settings, the review of its
// environment, its concurrency group, a max-parallel slot and a machine, then the environment's
// secrets and variables (only now, and only because the job names that environment) and the run.
// https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments#environment-secrets
// https://docs.github.com/en/actions/how-tos/write-workflows/choose-what-workflows-do/use-secrets
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/index';
import type { ApprovalBoard } from './approvals.ts';
import { ConcurrencyCancelled, type ConcurrencyRegistry } from './concurrency.ts';
import { buildGithubContext, type RunIdentity } from './contexts.ts';
import { evaluateStringMap, type Contexts } from './expressions.ts';
import type { GitHubHost } from './host.ts';
import type { JobControl } from './job-control.ts';
import { runJobOnMachine, type MachineOptions } from './job-run.ts';
import { evaluateJobSettings } from './job-settings.ts';
import type { Combination } from './matrix.ts';
import type { JobRecord, Result, RunRecord } from './record.ts';
import type { Slots } from './slots.ts';
import { joinConcurrencyGroup, untilAborted } from './waiting.ts';
import type { LoadedWorkflow } from './workflows.ts';

/** What every job of a run shares. */
export interface InstanceScope {
  run: RunIdentity;
  workflow: LoadedWorkflow;
  record: RunRecord;
  repoSecrets: Record<string, string>;
  repoVars: Record<string, string>;
  inputs: Record<string, unknown>;
  workflowEnv: Record<string, string>;
  approvals: ApprovalBoard;
  host: GitHubHost;
  concurrency: ConcurrencyRegistry;
  machines: Slots;
  machine: MachineOptions;
  runDir: string;
  isCancelled(): boolean;
  /** Jobs not yet completed, for the run's cancellation. */
  active: Set<ActiveInstance>;
}

export interface ActiveInstance {
  control: JobControl;
  waiting: AbortController;
  started: boolean;
  /** The job's `if` re-evaluated with cancelled() true: a job it holds for is not cancelled. */
  survivesCancel(): boolean;
}

export interface InstanceSpec {
  job: Job;
  raw: MappingToken;
  combination?: Combination;
  strategy: Record<string, unknown>;
  needs: Record<string, unknown>;
  maxParallel: Slots;
  control: JobControl;
  waiting: AbortController;
  survivesCancel(): boolean;
  dir: string;
}

export interface InstanceOutcome {
  result: Result;
  outputs: Record<string, string>;
  finishedAt: number;
}

export async function runInstance(scope: InstanceScope, spec: InstanceSpec): Promise<InstanceOutcome> {
  const { job, control, waiting } = spec;
  const record: JobRecord = { id: job.id.value, name: job.id.value, matrix: spec.combination, status: 'queued', outputs: {}, steps: [], annotations: [] };
  scope.record.jobs.push(record);
  await reportJob(scope, record);
  const active: ActiveInstance = { control, waiting, started: false, survivesCancel: spec.survivesCancel };
  scope.active.add(active);
  const releases: (() => void)[] = [];
  const conclude = async (result: Result, message?: string, level: 'error' | 'notice' = 'error'): Promise<InstanceOutcome> => {
    if (message) record.annotations.push({ level, message, shown: true });
    record.status = 'completed';
    record.conclusion = result;
    await reportJob(scope, record);
    return { result, outputs: record.outputs, finishedAt: performance.now() };
  };
  const contexts: Contexts = {
    github: buildGithubContext(scope.run),
    needs: spec.needs,
    vars: scope.repoVars,
    inputs: scope.inputs,
    matrix: spec.combination ?? {},
    strategy: spec.strategy,
  };
  try {
    if (scope.isCancelled() && !spec.survivesCancel()) return conclude('cancelled');
    const settings = evaluateJobSettings(scope.workflow, job, spec.raw, spec.combination, { contexts });
    Object.assign(record, { name: settings.name, environment: settings.environment, permissions: settings.permissions, runsOn: settings.runsOn, concurrency: settings.concurrency });

    const environment = settings.environment;
    const protection = environment ? await scope.host.getProtection(environment) : undefined;
    if (environment && protection?.requiredReviewers.length) {
      record.status = 'waiting';
      await reportJob(scope, record);
      await setRunStatus(scope, 'waiting');
      const review = await untilAborted(scope.approvals.wait(environment, record.name), waiting.signal);
      await setRunStatus(scope, 'in_progress');
      if (review.state === 'rejected') {
        return conclude('failure', `The deployment was rejected or didn't satisfy other protection rules. (${environment}, reviewed by ${review.reviewer})`);
      }
    }
    if (settings.concurrency) {
      record.status = 'pending';
      await reportJob(scope, record);
      releases.push(await joinConcurrencyGroup(scope.concurrency, settings.concurrency, {
        label: `${scope.record.workflow.name} #${scope.run.runNumber} ${record.name}`,
        cancel: (reason) => (active.started ? control.cancel(reason) : waiting.abort(new ConcurrencyCancelled(reason))),
      }, waiting.signal));
    }
    releases.push(await spec.maxParallel.acquire(waiting.signal));
    releases.push(await scope.machines.acquire(waiting.signal));
    // fail-fast or the run's cancellation may have come while a free slot was being granted.
    if (waiting.signal.aborted) throw waiting.signal.reason;
    if (control.cancelled) return conclude('cancelled', control.reason, 'notice');

    const secrets = { ...scope.repoSecrets, ...(environment ? await scope.host.getSecrets(environment) : {}), GITHUB_TOKEN: scope.run.token };
    const vars = { ...scope.repoVars, ...(environment ? await scope.host.getVariables(environment) : {}) };
    const full: Contexts = { ...contexts, secrets, vars };
    const env = { ...scope.workflowEnv, ...evaluateStringMap(job.env, { contexts: { ...full, env: scope.workflowEnv } }) };

    active.started = true;
    record.status = 'in_progress';
    await reportJob(scope, record);
    const outcome = await runJobOnMachine({
      run: scope.run,
      job,
      rawSteps: job.steps.map((_, i) => stepMapping(spec.raw, i)),
      record,
      contexts: full,
      env,
      defaults: settings.defaults,
      timeoutMinutes: settings.timeoutMinutes,
      dir: spec.dir,
      control,
      machine: scope.machine,
    });
    record.outputs = outcome.outputs;
    if (control.timedOut) return conclude('failure', control.reason);
    if (control.cancelled) return conclude('cancelled', control.reason, 'notice');
    if (outcome.failed && settings.continueOnError) {
      record.outcome = 'failure';
      return conclude('success');
    }
    return conclude(outcome.failed ? 'failure' : 'success');
  } catch (err) {
    if (waiting.signal.aborted || err instanceof ConcurrencyCancelled || scope.isCancelled()) {
      const reason = err instanceof Error ? err.message : String(err);
      return conclude('cancelled', reason, 'notice');
    }
    return conclude('failure', err instanceof Error ? err.message : String(err));
  } finally {
    for (const release of releases.reverse()) release();
    scope.active.delete(active);
  }
}

/** Lets a host that shows jobs (the GitHub emulator) follow this one. */
export async function reportJob(scope: { host: GitHubHost; run: RunIdentity }, record: JobRecord): Promise<void> {
  await scope.host.reportJob?.(scope.run.id, record);
}

/** The run shows `waiting` while a job waits for a review, as GitHub's run list does. */
async function setRunStatus(scope: InstanceScope, status: 'waiting' | 'in_progress'): Promise<void> {
  if (scope.record.status === status || scope.record.status === 'completed') return;
  scope.record.status = status;
  await scope.host.updateRun(scope.run.id, status);
}

function stepMapping(raw: MappingToken, index: number): MappingToken {
  return raw.find('steps')!.assertSequence('steps').get(index).assertMapping('step');
}
