// The jobs of a run as GitHub schedules them: a job starts when every job it `needs` is done;
// its `if` (implicitly `success() &&`) decides whether it runs, so a job whose needs failed or
// were skipped is skipped unless its `if` says otherwise. A job that runs expands its matrix;
// each combination passes its environment's review, its concurrency group, `max-parallel` and a
// free machine, then runs. fail-fast cancels the other combinations after a failure.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idneeds
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idif
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategyfail-fast
import path from 'node:path';
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import { buildGithubContext } from './contexts.ts';
import { evaluateCondition, type Contexts, type StatusState } from './expressions.ts';
import { JobControl } from './job-control.ts';
import { reportJob, runInstance, type InstanceScope } from './job-instance.ts';
import { expandStrategy, type Combination } from './matrix.ts';
import type { JobRecord, Result } from './record.ts';
import { Slots } from './slots.ts';
import { rawJob } from './workflows.ts';

export interface GroupResult {
  result: Result;
  outputs: Record<string, string>;
}

/** Runs every job of the run; resolves when all are done. */
export async function runJobGraph(scope: InstanceScope): Promise<void> {
  const results = new Map<string, Promise<GroupResult>>();
  const jobs = new Map(scope.workflow.jobs.map((j) => [j.id.value, j]));
  const resultOf = (id: string): Promise<GroupResult> => {
    let promise = results.get(id);
    if (!promise) {
      promise = runJobGroup(scope, jobs.get(id)!, resultOf);
      results.set(id, promise);
    }
    return promise;
  };
  await Promise.all([...jobs.keys()].map(resultOf));
}

async function runJobGroup(scope: InstanceScope, job: Job, resultOf: (id: string) => Promise<GroupResult>): Promise<GroupResult> {
  const id = job.id.value;
  const needIds = (job.needs ?? []).map((n) => n.value);
  const needResults = await Promise.all(needIds.map(resultOf));
  const needs = Object.fromEntries(needIds.map((n, i) => [n, { result: needResults[i].result, outputs: needResults[i].outputs }]));
  const contexts: Contexts = { github: buildGithubContext(scope.run), needs, vars: scope.repoVars, inputs: scope.inputs };
  const status = (): StatusState => ({
    success: needResults.every((r) => r.result === 'success'),
    failure: needResults.some((r) => r.result === 'failure'),
    cancelled: scope.isCancelled(),
  });
  const finishEarly = async (result: Result, message?: string): Promise<GroupResult> => {
    const record: JobRecord = { id, name: job.name?.isLiteral ? job.name.toString() : id, status: 'completed', conclusion: result, outputs: {}, steps: [], annotations: [] };
    if (message) record.annotations.push({ level: 'error', message, shown: true });
    scope.record.jobs.push(record);
    await reportJob(scope, record);
    return { result, outputs: {} };
  };

  let runs: boolean;
  try {
    runs = evaluateCondition(job.if.expression, { contexts, status: status() });
  } catch (err) {
    return finishEarly('failure', err instanceof Error ? err.message : String(err));
  }
  // A job a cancelled run never started is cancelled, not skipped.
  if (!runs) return finishEarly(scope.isCancelled() ? 'cancelled' : 'skipped');

  let strategy;
  try {
    strategy = expandStrategy(id, job.strategy, { contexts });
  } catch (err) {
    return finishEarly('failure', `Error when evaluating 'strategy' for job '${id}'. ${err instanceof Error ? err.message : String(err)}`);
  }
  const combinations: (Combination | undefined)[] = strategy.combinations ?? [undefined];
  if (!combinations.length) return finishEarly('skipped');
  const maxParallel = new Slots(strategy.maxParallel ?? combinations.length);
  const controls = combinations.map(() => ({ control: new JobControl(), waiting: new AbortController() }));
  const survives = () => evaluateCondition(job.if.expression, { contexts, status: { ...status(), cancelled: true } });
  const raw = rawJob(scope.workflow, id);

  const outcomes = await Promise.all(combinations.map(async (combination, index) => {
    const own = controls[index];
    const outcome = await runInstance(scope, {
      job,
      raw,
      combination,
      strategy: { 'fail-fast': strategy.failFast, 'job-index': index, 'job-total': combinations.length, 'max-parallel': strategy.maxParallel ?? combinations.length },
      needs,
      maxParallel,
      control: own.control,
      waiting: own.waiting,
      survivesCancel: survives,
      dir: path.join(scope.runDir, combination ? `${id}-${index + 1}` : id),
    });
    // fail-fast: a failed combination cancels every other one still queued or running.
    if (strategy.combinations && strategy.failFast && outcome.result === 'failure') {
      for (const other of controls) {
        if (other === own) continue;
        other.waiting.abort(new Error('fail-fast'));
        other.control.cancel(`The strategy configuration was canceled because "${id}" failed`);
      }
    }
    return outcome;
  }));

  const results = outcomes.map((o) => o.result);
  const result: Result = results.includes('failure') ? 'failure' : results.includes('cancelled') ? 'cancelled' : results.every((r) => r === 'skipped') ? 'skipped' : 'success';
  // Outputs of a matrix job: every combination writes the same names; the last to finish wins.
  const outputs = Object.assign({}, ...outcomes.sort((a, b) => a.finishedAt - b.finishedAt).map((o) => o.outputs)) as Record<string, string>;
  return { result, outputs };
}
