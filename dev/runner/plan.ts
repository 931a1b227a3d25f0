// Dry mode: what the runner would run for an event, without running a step — each triggered
// workflow's jobs with their needs, condition, environment, matrix (when it does not depend on
// other jobs' outputs) and steps, each step marked script, local action, stand-in or unknown.
import { isString } from '@actions/workflow-parser';
import type { Step } from '@actions/workflow-parser/model/workflow-template';
import { buildGithubContext, type RunIdentity } from './contexts.ts';
import { evaluateToken, type Contexts } from './expressions.ts';
import { expandStrategy, type Combination } from './matrix.ts';
import { standInKey } from './stand-ins.ts';
import type { LoadedWorkflow } from './workflows.ts';

export interface PlannedStep {
  id: string;
  name: string;
  kind: 'script' | 'local-action' | 'stand-in' | 'unknown-action';
  uses?: string;
  if: string;
}

export interface PlannedJob {
  id: string;
  needs: string[];
  if: string;
  environment?: string;
  /** Combinations, or why they are only known once the run is under way. */
  matrix?: Combination[] | string;
  steps: PlannedStep[];
}

export interface PlannedWorkflow {
  path: string;
  name: string;
  event: string;
  jobs: PlannedJob[];
}

export function planWorkflow(workflow: LoadedWorkflow, run: RunIdentity, inputs: Record<string, unknown>, standIns: ReadonlySet<string>): PlannedWorkflow {
  const contexts: Contexts = { github: buildGithubContext(run), inputs, vars: {}, needs: {} };
  const jobs = workflow.jobs.map((job): PlannedJob => {
    const id = job.id.value;
    let matrix: PlannedJob['matrix'];
    if (job.strategy) {
      try {
        matrix = expandStrategy(id, job.strategy, { contexts }).combinations;
      } catch (err) {
        matrix = `decided at run time (${err instanceof Error ? err.message : String(err)})`;
      }
    }
    let environment: string | undefined;
    try {
      const value = evaluateToken(job.environment, { contexts });
      environment = typeof value === 'object' && value ? (value as { name?: string }).name : (value as string | undefined);
    } catch {
      environment = job.environment?.toString();
    }
    return { id, needs: (job.needs ?? []).map((n) => n.value), if: job.if.expression, environment, matrix, steps: job.steps.map((s) => planStep(s, standIns)) };
  });
  return { path: workflow.path, name: workflow.name, event: run.event.name, jobs };
}

function planStep(step: Step, standIns: ReadonlySet<string>): PlannedStep {
  const name = step.name && isString(step.name) ? step.name.value : undefined;
  const condition = 'if' in step && step.if ? step.if.expression : 'success()';
  if ('run' in step) {
    const script = isString(step.run) ? step.run.value : step.run.toString();
    return { id: step.id, name: name ?? `Run ${script.split('\n')[0]}`, kind: 'script', if: condition };
  }
  if ('uses' in step) {
    const uses = step.uses.value;
    const key = standInKey(uses);
    const kind = uses.startsWith('./') ? 'local-action' : key && standIns.has(key) ? 'stand-in' : 'unknown-action';
    return { id: step.id, name: name ?? `Run ${uses}`, kind, uses, if: condition };
  }
  return { id: step.id, name: name ?? step.id, kind: 'unknown-action', if: condition };
}

/** The plan as lines, for the CLI. */
export function renderPlan(plans: PlannedWorkflow[]): string[] {
  const lines: string[] = [];
  for (const plan of plans) {
    lines.push(`${plan.name} (${plan.path}) on ${plan.event}`);
    for (const job of plan.jobs) {
      const extras = [
        job.needs.length ? `needs ${job.needs.join(', ')}` : '',
        job.if !== 'success()' ? `if ${job.if}` : '',
        job.environment ? `environment ${job.environment}` : '',
        typeof job.matrix === 'string' ? `matrix ${job.matrix}` : job.matrix ? `matrix of ${job.matrix.length}` : '',
      ].filter(Boolean);
      lines.push(`  job ${job.id}${extras.length ? ` (${extras.join('; ')})` : ''}`);
      for (const step of job.steps) lines.push(`    - [${step.kind}] ${step.name}${step.if !== 'success()' ? ` (if ${step.if})` : ''}`);
    }
  }
  return lines;
}
