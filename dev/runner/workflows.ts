// Workflow files read with GitHub's own parser: the converted template (events, jobs, steps with
// their `if` already given the implicit `success() &&`) plus the raw token tree for the keys the
// converter drops (`with`, `shell`, `working-directory`, `timeout-minutes`, `defaults`,
// `permissions`, job `continue-on-error`). A file the parser rejects is refused whole, as GitHub
// refuses to start it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  NoOperationTraceWriter, convertWorkflowTemplate, isMapping, isString, parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import type { Job } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { git } from './git.ts';

export interface LoadedWorkflow {
  /** Repository-relative path, `.github/workflows/<file>`. */
  path: string;
  /** `name:`, or the path when the file has none (as GitHub shows it). */
  name: string;
  template: WorkflowTemplate;
  jobs: Job[];
  /** The workflow's own mapping, for keys the converter leaves out. */
  root: MappingToken;
}

export class WorkflowFileError extends Error {
  readonly file: string;
  readonly messages: string[];

  constructor(file: string, messages: string[]) {
    // The parser's messages already start with the file name.
    super(messages.map((m) => (m.startsWith(file) ? m : `${file}: ${m}`)).join('\n'));
    this.name = 'WorkflowFileError';
    this.file = file;
    this.messages = messages;
  }
}

export const WORKFLOW_DIR = path.join('.github', 'workflows');

/** Every `.yml` / `.yaml` file under `.github/workflows` of the checkout, in file-name order. */
export async function loadWorkflows(repoDir: string): Promise<LoadedWorkflow[]> {
  const dir = path.join(repoDir, WORKFLOW_DIR);
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return Promise.all(files.map((f) => parseWorkflowText(`.github/workflows/${f}`, readFileSync(path.join(dir, f), 'utf8'))));
}

// A commit's workflows never change: parse them once per checkout and sha, for every runner.
const parsedAt = new Map<string, Promise<LoadedWorkflow[]>>();

/** The workflow files as they are in commit `sha` of the checkout: GitHub runs the workflow of the event's commit. */
export function loadWorkflowsAt(repoDir: string, sha: string): Promise<LoadedWorkflow[]> {
  const key = `${repoDir}\0${sha}`;
  let loading = parsedAt.get(key);
  if (!loading) {
    loading = Promise.all(readWorkflowFilesAt(repoDir, sha).map(({ file, content }) => parseWorkflowText(file, content)));
    parsedAt.set(key, loading);
    loading.catch(() => parsedAt.delete(key));
  }
  return loading;
}

/** Every `.yml`/`.yaml` of `.github/workflows` at `sha`, read with two git processes whatever their number. */
function readWorkflowFilesAt(repoDir: string, sha: string): { file: string; content: string }[] {
  const entries = git(repoDir, ['ls-tree', sha, '.github/workflows/'])
    .split('\n')
    .map((line) => /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => Boolean(m) && /\.ya?ml$/.test(m![2]))
    .sort((a, b) => a[2].localeCompare(b[2]));
  if (!entries.length) return [];
  const batch = execFileSync('git', ['cat-file', '--batch'], { cwd: repoDir, input: entries.map((e) => e[1]).join('\n') + '\n', maxBuffer: 64 * 1024 * 1024 });
  const out: { file: string; content: string }[] = [];
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const size = Number(batch.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    out.push({ file: entry[2], content: batch.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8') });
    offset = headerEnd + 1 + size + 1;
  }
  return out;
}

export async function parseWorkflowText(file: string, content: string): Promise<LoadedWorkflow> {
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value) throw new WorkflowFileError(file, errors.length ? errors : ['empty workflow']);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors?.length) throw new WorkflowFileError(file, template.errors.map((e) => e.Message));
  const root = parsed.value.assertMapping('workflow root');
  const reusable = template.jobs.find((j) => j.type !== 'job');
  if (reusable) throw new WorkflowFileError(file, [`job '${reusable.id.value}' calls a reusable workflow, which this local runner does not run`]);
  const nameToken = root.find('name');
  return {
    path: file,
    name: nameToken && isString(nameToken) && nameToken.value ? nameToken.value : file,
    template,
    jobs: template.jobs as Job[],
    root,
  };
}

/** A key of a mapping token, or undefined. */
export function findKey(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return token && isMapping(token) ? token.find(key) : undefined;
}

/** The raw mapping of a job, for the keys the converter drops. */
export function rawJob(workflow: LoadedWorkflow, jobId: string): MappingToken {
  return findKey(findKey(workflow.root, 'jobs'), jobId)!.assertMapping(`job ${jobId}`);
}

/** The raw mapping of a job's step (steps convert one to one, in order, from a file without errors). */
export function rawStep(workflow: LoadedWorkflow, jobId: string, index: number): MappingToken {
  const steps = findKey(rawJob(workflow, jobId), 'steps')!.assertSequence(`steps of ${jobId}`);
  return steps.get(index).assertMapping(`step ${index} of ${jobId}`);
}

/** A workflow matched by a dispatch's `workflow_id`: its file name, its path, or its name. */
export function findWorkflow(workflows: LoadedWorkflow[], id: string): LoadedWorkflow | undefined {
  return workflows.find((w) => w.path === id || path.posix.basename(w.path) === id) ?? workflows.find((w) => w.name === id);
}
