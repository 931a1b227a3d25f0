// Running an operation sequence: the plan's steps in order, each over its tenants with its
// parallelism cap, a failed tenant tried again up to the step's retries, a tenant skipped where a
// step it needs did not succeed for it, and the sequence stopped after a failed step whose policy
// is stop. The run and every per-step, per-tenant result are recorded in the registry. A dry run
// is the plan alone: it contacts nothing.
import type { Finding } from '../errors/index.ts';
import { loadOperation, loadOperations, planOperation, type LoadedOperation, type OperationContext, type OperationPlan, type OperationRunResult, type OperationSequence, type StepResult, type TenantStepResult } from '../ops/index.ts';
import { mapLimit } from '../plan/index.ts';
import { finishOperationRun, listOperationRuns, startOperationRun, type OperationRunRecord } from '../registry/index.ts';
import type { Inputs } from './inputs.ts';
import { createExecutor } from './ops-actions.ts';
import type { Services } from './services.ts';

export interface RunOperationOptions {
  /** Only this tenant, in the steps that target it. */
  tenant?: string;
  /** Who runs it: a GitHub actor, `cli:<user>`. */
  actor: string;
  githubRun?: string;
  /** Milliseconds since the epoch, for timestamps and durations; default Date.now. */
  now?: () => number;
}

/** What the rules of an operations file check references against. */
export function operationContext(inputs: Inputs): OperationContext {
  return {
    tenants: inputs.tenants.map((t) => t.config.code),
    capacities: Object.keys(inputs.platform.capacities ?? {}),
    clusters: Object.keys(inputs.platform.clusters ?? {}),
    modules: inputs.providers.modules,
  };
}

/** Every finding of operations/*.yaml, checked against the repository's tenants, capacities, clusters and modules. */
export async function operationFindings(inputs: Inputs): Promise<Finding[]> {
  return (await loadOperations(inputs.root, operationContext(inputs))).findings;
}

/** A sequence of the repository by name (ConfigurationError with its findings, EnvironmentError when unknown). */
export function loadSequence(inputs: Inputs, name: string): Promise<LoadedOperation> {
  return loadOperation(inputs.root, name, operationContext(inputs));
}

export function planSequence(inputs: Inputs, sequence: OperationSequence, tenant?: string): OperationPlan {
  return planOperation(sequence, inputs.tenants.map((t) => t.config), { tenant });
}

export async function runOperation(inputs: Inputs, services: Services, sequence: OperationSequence, options: RunOperationOptions): Promise<OperationRunResult> {
  const now = options.now ?? Date.now;
  const plan = planSequence(inputs, sequence, options.tenant);
  const configs = new Map(inputs.tenants.map((t) => [t.config.code, t.config]));
  const registry = await services.registry();
  const started = now();
  const id = await startOperationRun(registry, { sequence: sequence.name, actor: options.actor, githubRun: options.githubRun, startedAt: new Date(started) });
  const steps: StepResult[] = [];
  let stoppedBy: string | undefined;
  let finished = started;
  try {
    for (const step of plan.steps) {
      if (stoppedBy) {
        steps.push({ id: step.id, action: step.action, status: 'not-run', detail: `not run: step "${stoppedBy}" failed and its policy is stop`, tenants: [], durationMs: 0 });
        continue;
      }
      const stepStarted = now();
      const execute = createExecutor(step.action, { inputs, services, actor: options.actor, githubRun: options.githubRun });
      const tenants = await mapLimit(step.tenants, step.parallelism, async (code): Promise<TenantStepResult> => {
        const blocker = blockingNeed(steps, step.needs, code);
        if (blocker) return { tenant: code, status: 'skipped', attempts: 0, detail: blocker, durationMs: 0 };
        const begun = now();
        let attempts = 0;
        let result;
        do {
          attempts++;
          result = await execute(configs.get(code)!);
          if (result.status === 'failed' && attempts <= step.retries) services.log.warn(`${sequence.name}/${step.id}: ${code} failed (try ${attempts} of ${step.retries + 1}); trying again`);
        } while (result.status === 'failed' && attempts <= step.retries);
        return { tenant: code, ...result, attempts, durationMs: now() - begun };
      });
      const failed = tenants.some((t) => t.status === 'failed');
      steps.push({ id: step.id, action: step.action, status: failed ? 'failed' : 'succeeded', tenants, durationMs: now() - stepStarted });
      services.log.info(`${sequence.name}/${step.id}: ${failed ? 'failed' : 'done'} (${tenants.map((t) => `${t.tenant} ${t.status}`).join(', ') || 'no tenant'})`);
      if (failed && step.onFailure === 'stop') stoppedBy = step.id;
    }
  } finally {
    // A run cut short by an error is recorded as failed with the steps it got through.
    finished = now();
    await finishOperationRun(registry, id, { status: outcome(steps, plan), finishedAt: new Date(finished), durationMs: finished - started, steps });
  }
  return {
    id, name: sequence.name, actor: options.actor, ...(options.githubRun ? { githubRun: options.githubRun } : {}),
    startedAt: new Date(started).toISOString(), finishedAt: new Date(finished).toISOString(),
    status: outcome(steps, plan), steps, durationMs: finished - started,
  };
}

function outcome(steps: readonly StepResult[], plan: OperationPlan): 'succeeded' | 'failed' {
  return steps.length === plan.steps.length && !steps.some((s) => s.status === 'failed') ? 'succeeded' : 'failed';
}

/** Why a tenant cannot run a step: a step it needs failed, was skipped or did not run for it. */
function blockingNeed(done: readonly StepResult[], needs: readonly string[], tenant: string): string | undefined {
  for (const need of needs) {
    const step = done.find((s) => s.id === need);
    const mine = step?.tenants.find((t) => t.tenant === tenant);
    if (step && mine && mine.status !== 'succeeded') return `needs step "${need}", which ${mine.status === 'failed' ? 'failed' : 'was skipped'} for this tenant`;
  }
  return undefined;
}

/** Past runs, newest first, in the shape a run reports. */
export async function listOperationHistory(services: Services, options: { sequence?: string; limit?: number } = {}): Promise<OperationRunResult[]> {
  return (await listOperationRuns(await services.registry(), options)).map(toRunResult);
}

function toRunResult(r: OperationRunRecord): OperationRunResult {
  return {
    id: r.id, name: r.sequence, actor: r.actor, ...(r.githubRun ? { githubRun: r.githubRun } : {}),
    startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? '',
    status: r.status, steps: r.steps as StepResult[], durationMs: r.durationMs ?? 0,
  };
}
