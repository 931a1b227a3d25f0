// The keys of a job (and of the workflow) evaluated once its contexts are known: display name,
// environment, concurrency, permissions, runs-on, timeout, continue-on-error and `defaults.run`.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { evaluateText, evaluateToken, isTruthy, type Scope } from './expressions.ts';
import type { ConcurrencySetting } from './concurrency.ts';
import { DEFAULT_JOB_TIMEOUT_MINUTES } from './job-run.ts';
import { describeCombination, type Combination } from './matrix.ts';
import { findKey, type LoadedWorkflow } from './workflows.ts';

export interface JobSettings {
  name: string;
  environment?: string;
  concurrency?: ConcurrencySetting;
  permissions?: unknown;
  runsOn?: unknown;
  timeoutMinutes: number;
  continueOnError: boolean;
  defaults: { shell?: string; workingDirectory?: string };
}

export function evaluateJobSettings(workflow: LoadedWorkflow, job: Job, raw: MappingToken, combination: Combination | undefined, scope: Scope): JobSettings {
  const timeout = evaluateToken(raw.find('timeout-minutes'), scope);
  return {
    name: jobName(job, combination, scope),
    environment: environmentName(job.environment, scope),
    concurrency: resolveConcurrency(job.concurrency, scope),
    // Recorded (and handed to the host with the token) but not enforced by this runner.
    // https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
    permissions: evaluateToken(raw.find('permissions'), scope) ?? evaluateToken(workflow.root.find('permissions'), scope),
    runsOn: evaluateToken(job['runs-on'], scope),
    timeoutMinutes: timeout === undefined || timeout === null || timeout === '' ? DEFAULT_JOB_TIMEOUT_MINUTES : Number(timeout),
    continueOnError: isTruthy(evaluateToken(raw.find('continue-on-error'), scope)),
    defaults: {
      ...runDefaults(workflow.root.find('defaults'), scope),
      ...runDefaults(raw.find('defaults'), scope),
    },
  };
}

/**
 * A string group, or `{group, cancel-in-progress, queue}`; undefined when there is no group.
 * https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency
 */
export function resolveConcurrency(token: TemplateToken | undefined, scope: Scope): ConcurrencySetting | undefined {
  const value = evaluateToken(token, scope);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'object') return { group: String(value), cancelInProgress: false, queue: 'single' };
  const v = value as Record<string, unknown>;
  if (!v.group) return undefined;
  return { group: String(v.group), cancelInProgress: isTruthy(v['cancel-in-progress']), queue: v.queue === 'max' ? 'max' : 'single' };
}

/**
 * `name:` or the job's key; a matrix job's name gets its values appended unless the name
 * already uses the matrix.
 */
function jobName(job: Job, combination: Combination | undefined, scope: Scope): string {
  const base = job.name ? evaluateText(job.name, scope) : job.id.value;
  const usesMatrix = job.name?.isExpression && /\bmatrix\b/.test(job.name.toString());
  return combination && !usesMatrix ? describeCombination(base, combination) : base;
}

function environmentName(token: TemplateToken | undefined, scope: Scope): string | undefined {
  const value = evaluateToken(token, scope);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object') return (value as { name?: string }).name || undefined;
  return String(value);
}

function runDefaults(token: TemplateToken | undefined, scope: Scope): { shell?: string; workingDirectory?: string } {
  const run = findKey(token, 'run');
  const out: { shell?: string; workingDirectory?: string } = {};
  const shell = findKey(run, 'shell');
  const dir = findKey(run, 'working-directory');
  if (shell) out.shell = evaluateText(shell, scope);
  if (dir) out.workingDirectory = evaluateText(dir, scope);
  return out;
}
