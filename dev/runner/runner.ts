// The runner: takes an event, decides which workflows of the event's commit it starts, starts
// their runs (bounded by a pool of machines shared by every run, default 2), keeps their records
// and the concurrency groups across runs, and emits `workflow_run` events as runs are requested
// and complete. The host delivers the dispatches steps make through its API to dispatch().
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConcurrencyRegistry } from './concurrency.ts';
import { normalizeEvent, type NormalizedEvent, type RepositoryEvent } from './events.ts';
import type { DeliveredEvent, EventSink, GitHubHost } from './host.ts';
import { planWorkflow, type PlannedWorkflow } from './plan.ts';
import type { RunRecord } from './record.ts';
import { startWorkflowRun, type RunServices, type StartedRun } from './run-workflow.ts';
import { Slots } from './slots.ts';
import { defaultStandIns } from './stand-ins.ts';
import type { ActionStandIn } from './step-context.ts';
import { git, resolveCommit } from './git.ts';
import { DispatchInputError, explainNoTrigger, resolveDispatchInputs } from './triggers.ts';
import { loadWorkflowsAt, type LoadedWorkflow } from './workflows.ts';

export interface RunnerOptions {
  /** The repository checkout (a git repository with `.github/workflows/`). */
  repoDir: string;
  host: GitHubHost;
  /** Jobs running at once across all runs (the runner's machines). Default 2. */
  parallelism?: number;
  /** Node 24 binary for node24 actions and setup-node. Default: the running Node, which must be 24. */
  nodeBinary?: string;
  /** Where runs get their folders. Default: a fresh temporary folder, removed by close(). */
  workRoot?: string;
  /** Keep each run's folders after it completes (for debugging). */
  keepWorkDirs?: boolean;
  /** Default `main`. */
  defaultBranch?: string;
  /** Who triggers events that name nobody. Default `octocat`. */
  actor?: string;
  /** The machine environment steps start from. Default: PATH (without node_modules/.bin), HOME, LANG, USER, TZ, NODE_EXTRA_CA_CERTS from this process. */
  baseEnv?: Record<string, string>;
  /** More stand-ins for third-party actions, by `owner/name`. */
  standIns?: Record<string, ActionStandIn>;
  /** Emit workflow_run events (requested, completed). Default true. */
  workflowRunEvents?: boolean;
}

export interface SkippedWorkflow {
  workflow: string;
  reason: string;
}

export interface DispatchResult {
  runs: StartedRun[];
  skipped: SkippedWorkflow[];
}

export interface PlanResult {
  workflows: PlannedWorkflow[];
  skipped: SkippedWorkflow[];
}

export interface Runner extends EventSink {
  dispatch(event: RepositoryEvent | DeliveredEvent): Promise<DispatchResult>;
  /** Dry mode: what dispatch() would run, nothing executed. */
  plan(event: RepositoryEvent): Promise<PlanResult>;
  /** Every run started so far, live records. */
  readonly runs: RunRecord[];
  cancel(runId: number, reason?: string): void;
  /** Resolves once no run is left, including runs started by other runs meanwhile. */
  waitForIdle(): Promise<void>;
  registerStandIn(name: string, standIn: ActionStandIn): void;
  close(): Promise<void>;
}

/** workflow_run chains stop after three levels of workflows. */
const WORKFLOW_RUN_CHAIN_LIMIT = 3;

export function createRunner(options: RunnerOptions): Runner {
  const repoDir = path.resolve(options.repoDir);
  const nodeBinary = options.nodeBinary ?? process.execPath;
  assertNode24(nodeBinary);
  const ownWorkRoot = options.workRoot === undefined;
  const workRoot = options.workRoot ?? mkdtempSync(path.join(os.tmpdir(), 'gha-runner-'));
  const baseEnv = options.baseEnv ?? machineEnvironment();
  const standIns = defaultStandIns();
  for (const [name, standIn] of Object.entries(options.standIns ?? {})) standIns.set(name.toLowerCase(), standIn);
  const services: RunServices = {
    host: options.host,
    concurrency: new ConcurrencyRegistry(),
    machines: new Slots(options.parallelism ?? 2),
    machine: { host: options.host, repoDir, nodeBinary, baseEnv, npmPath: findOnPath('npm', baseEnv.PATH ?? ''), standIns },
    workRoot,
    keepWorkDirs: options.keepWorkDirs ?? false,
  };
  const defaultBranch = options.defaultBranch ?? 'main';
  const started = new Map<number, StartedRun>();
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;

  const normalize = (event: RepositoryEvent, depth = 0): NormalizedEvent => normalizeEvent(event, {
    repository: options.host.repository,
    defaultBranch,
    actor: options.actor ?? 'octocat',
    resolveSha: (ref) => resolveCommit(repoDir, ref) ?? git(repoDir, ['rev-parse', 'HEAD']).trim(),
  }, depth);

  async function select(event: NormalizedEvent): Promise<{ chosen: { workflow: LoadedWorkflow; inputs: Record<string, unknown>; event: NormalizedEvent }[]; skipped: SkippedWorkflow[] }> {
    const workflows = await loadWorkflowsAt(repoDir, event.sha);
    const chosen: { workflow: LoadedWorkflow; inputs: Record<string, unknown>; event: NormalizedEvent }[] = [];
    const skipped: SkippedWorkflow[] = [];
    for (const workflow of workflows) {
      const reason = explainNoTrigger(workflow, event);
      if (reason) {
        skipped.push({ workflow: workflow.path, reason });
        continue;
      }
      if (event.name !== 'workflow_dispatch') {
        chosen.push({ workflow, inputs: {}, event });
        continue;
      }
      const given = (event.payload.inputs ?? {}) as Record<string, unknown>;
      const inputs = resolveDispatchInputs(workflow.template.events.workflow_dispatch, given);
      chosen.push({ workflow, inputs: inputs.typed, event: { ...event, payload: { ...event.payload, inputs: inputs.strings } } });
    }
    if (event.name === 'workflow_dispatch' && !chosen.length) throw new DispatchInputError(`Workflow does not have 'workflow_dispatch' trigger (${event.workflow})`);
    return { chosen, skipped };
  }

  async function dispatchAt(input: RepositoryEvent, depth: number): Promise<DispatchResult> {
    if (closing) return { runs: [], skipped: [] };
    const event = normalize(input, depth);
    const { chosen, skipped } = await select(event);
    const runs: StartedRun[] = [];
    for (const { workflow, inputs, event: ev } of chosen) {
      const run = await startWorkflowRun(workflow, ev, inputs, services);
      started.set(run.record.id, run);
      runs.push(run);
      track(emitWorkflowRun(run.record, ev, 'requested'));
      track(run.done.then((record) => emitWorkflowRun(record, ev, 'completed')));
    }
    return { runs, skipped };
  }

  const runner: Runner = {
    dispatch: (input) => dispatchAt(input, 0),
    async plan(input) {
      const event = normalize(input);
      const { chosen, skipped } = await select(event);
      const names = new Set(standIns.keys());
      const workflows = chosen.map(({ workflow, inputs, event: ev }) => planWorkflow(workflow, {
        id: 0, runNumber: 0, workflow, event: ev, repository: options.host.repository, serverUrl: options.host.serverUrl, apiUrl: options.host.apiUrl, token: '',
      }, inputs, names));
      return { workflows, skipped };
    },
    get runs() {
      return [...started.values()].map((r) => r.record);
    },
    cancel(runId, reason) {
      const run = started.get(runId);
      if (!run) throw new Error(`no run ${runId}`);
      run.cancel(reason);
    },
    async waitForIdle() {
      for (;;) {
        const pending = [...inFlight, ...[...started.values()].filter((r) => r.record.status !== 'completed').map((r) => r.done)];
        if (!pending.length) return;
        await Promise.allSettled(pending);
      }
    },
    registerStandIn(name, standIn) {
      standIns.set(name.toLowerCase(), standIn);
    },
    async close() {
      // Runs still going (a job waiting for a review nobody gives) are cancelled, not waited for.
      closing = true;
      for (const run of started.values()) if (run.record.status !== 'completed') run.cancel('The runner was closed');
      await runner.waitForIdle();
      if (ownWorkRoot) rmSync(workRoot, { recursive: true, force: true });
    },
  };

  function track(promise: Promise<unknown>): void {
    const p = promise.catch(() => undefined).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  /**
   * Tells workflows listening on workflow_run that a run was requested or completed. The
   * listening workflow runs from the default branch (GITHUB_REF/SHA), never from the triggering
   * run's commit, and a pull request's run names its head branch and head repository (a fork's).
   */
  async function emitWorkflowRun(record: RunRecord, cause: NormalizedEvent, action: 'requested' | 'completed'): Promise<void> {
    if (options.workflowRunEvents === false || cause.chainDepth + 1 >= WORKFLOW_RUN_CHAIN_LIMIT) return;
    const head = (cause.payload.pull_request as { head?: { ref?: string; repo?: { full_name?: string } } } | undefined)?.head;
    const payload = {
      action,
      workflow_run: {
        id: record.id, name: record.workflow.name, path: record.workflow.path, run_number: record.runNumber, event: record.event,
        status: record.status, conclusion: record.conclusion ?? null, head_sha: record.sha, head_branch: head?.ref ?? record.ref.replace(/^refs\/heads\//, ''), html_url: record.url,
        head_repository: { full_name: head?.repo?.full_name ?? options.host.repository },
        repository: { full_name: options.host.repository },
      },
      workflow: { name: record.workflow.name, path: record.workflow.path },
    };
    await dispatchAt({ name: 'workflow_run', payload, ref: `refs/heads/${defaultBranch}` }, cause.chainDepth + 1);
  }

  options.host.attach(runner);
  return runner;
}

function assertNode24(nodeBinary: string): void {
  const version = nodeBinary === process.execPath ? process.version : execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`the runner runs node24 actions with Node 24; ${nodeBinary} is ${version}`);
}

/** What a step inherits from the machine: nothing of the developer's shell beyond the basics. */
function machineEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['HOME', 'LANG', 'LC_ALL', 'USER', 'TZ', 'NODE_EXTRA_CA_CERTS']) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  // node_modules/.bin of a project is not on a fresh machine's PATH; setup-node adds Node 24.
  env.PATH = (process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':').filter((d) => d && !d.includes(`${path.sep}node_modules${path.sep}`) && !d.endsWith(`${path.sep}node_modules`)).join(':');
  return env;
}

function findOnPath(binary: string, pathEnv: string): string | undefined {
  return pathEnv.split(':').map((d) => path.join(d, binary)).find((f) => existsSync(f));
}
