// Which workflows an event starts, decided as GitHub decides it from `on:` — activity types,
// branch and tag filters, path filters over the changed files — and the typed inputs of a
// workflow_dispatch, refused with the reasons GitHub's API gives.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#on
// https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
import type { WorkflowDispatchConfig } from '@actions/workflow-parser/model/workflow-template';
import type { NormalizedEvent } from './events.ts';
import { matchesPatternList } from './filter-patterns.ts';
import type { LoadedWorkflow } from './workflows.ts';

/** GitHub looks at the first 300 changed files only; a match past them does not count. */
export const PATH_FILTER_FILE_LIMIT = 300;

/** pull_request without `types` runs for these three only. */
const DEFAULT_PULL_REQUEST_TYPES = ['opened', 'synchronize', 'reopened'];

interface RefFilters { branches?: string[]; 'branches-ignore'?: string[]; tags?: string[]; 'tags-ignore'?: string[] }
interface PathFilters { paths?: string[]; 'paths-ignore'?: string[] }

/** Undefined when the workflow runs for the event, else why it does not. */
export function explainNoTrigger(workflow: LoadedWorkflow, event: NormalizedEvent): string | undefined {
  const events = workflow.template.events;
  const config = events[event.name] as (RefFilters & PathFilters & { types?: string[]; workflows?: string[] }) | undefined;
  if (config === undefined) return `does not run on ${event.name}`;
  const action = typeof event.payload.action === 'string' ? event.payload.action : undefined;
  switch (event.name) {
    case 'push': {
      const refReason = explainRefFilters(config, event.ref);
      if (refReason) return refReason;
      // Path filters are not evaluated for pushes of tags.
      return event.ref.startsWith('refs/tags/') ? undefined : explainPathFilters(config, event.changedFiles);
    }
    case 'pull_request':
    case 'pull_request_target': {
      const types = config.types ?? DEFAULT_PULL_REQUEST_TYPES;
      if (!action || !types.includes(action)) return `pull_request activity '${action}' is not one of ${types.join(', ')}`;
      // Branch filters of pull_request events look at the base branch.
      const base = (event.payload.pull_request as { base?: { ref?: string } } | undefined)?.base?.ref;
      const refReason = base === undefined ? undefined : explainRefFilters({ branches: config.branches, 'branches-ignore': config['branches-ignore'] }, `refs/heads/${base}`);
      return refReason ?? explainPathFilters(config, event.changedFiles);
    }
    case 'workflow_dispatch': {
      const target = event.workflow;
      if (!target) return 'a workflow_dispatch event names the workflow it runs';
      return target === workflow.path || workflow.path.endsWith(`/${target}`) || target === workflow.name ? undefined : `workflow_dispatch is for ${target}`;
    }
    case 'schedule': {
      const crons = events.schedule?.map((s) => s.cron) ?? [];
      return event.schedule === undefined || crons.includes(event.schedule) ? undefined : `no schedule '${event.schedule}' (has ${crons.join(', ')})`;
    }
    case 'workflow_run': {
      const run = event.payload.workflow_run as { name?: string; head_branch?: string } | undefined;
      if (config.workflows && !config.workflows.includes(run?.name ?? '')) return `workflow_run of '${run?.name}' is not one of ${config.workflows.join(', ')}`;
      if (config.types && (!action || !config.types.includes(action))) return `workflow_run activity '${action}' is not one of ${config.types.join(', ')}`;
      return run?.head_branch === undefined ? undefined : explainRefFilters({ branches: config.branches, 'branches-ignore': config['branches-ignore'] }, `refs/heads/${run.head_branch}`);
    }
    default:
      // repository_dispatch and every other event with activity types: no types means every type.
      if (config.types && (!action || !config.types.includes(action))) return `${event.name} type '${action}' is not one of ${config.types.join(', ')}`;
      return undefined;
  }
}

/**
 * Branch and tag filters of push-like events: defining only branch filters means tag pushes do
 * not run the workflow, and the other way round.
 */
function explainRefFilters(config: RefFilters, ref: string): string | undefined {
  const hasBranch = Boolean(config.branches || config['branches-ignore']);
  const hasTag = Boolean(config.tags || config['tags-ignore']);
  const isTag = ref.startsWith('refs/tags/');
  const short = ref.replace(/^refs\/(heads|tags)\//, '');
  const [include, ignore, kind] = isTag ? [config.tags, config['tags-ignore'], 'tag'] : [config.branches, config['branches-ignore'], 'branch'];
  if (!isTag && !hasBranch && hasTag) return `only tag pushes run this workflow, not ${ref}`;
  if (isTag && !hasTag && hasBranch) return `only branch pushes run this workflow, not ${ref}`;
  if (include && !matchesPatternList(short, include)) return `${kind} '${short}' does not match ${include.join(', ')}`;
  if (ignore && matchesPatternList(short, ignore)) return `${kind} '${short}' is ignored by ${ignore.join(', ')}`;
  return undefined;
}

/**
 * `paths`: at least one changed file matches; `paths-ignore`: not every changed file is ignored.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onpushpull_requestpull_request_targetpathspaths-ignore
 */
function explainPathFilters(config: PathFilters, changedFiles: string[] | undefined): string | undefined {
  if (!config.paths && !config['paths-ignore']) return undefined;
  if (!changedFiles) throw new Error('this workflow has path filters: give the event its changed files (changedFiles)');
  const files = changedFiles.slice(0, PATH_FILTER_FILE_LIMIT);
  if (config.paths && !files.some((f) => matchesPatternList(f, config.paths!))) {
    return `no changed file matches paths ${config.paths.join(', ')}`;
  }
  if (config['paths-ignore'] && files.every((f) => matchesPatternList(f, config['paths-ignore']!))) {
    return `every changed file matches paths-ignore ${config['paths-ignore'].join(', ')}`;
  }
  return undefined;
}

export class DispatchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DispatchInputError';
  }
}

export interface DispatchInputs {
  /** `inputs` context: booleans as booleans, numbers as numbers. */
  typed: Record<string, unknown>;
  /** `github.event.inputs`: every value a string, as the webhook payload carries them. */
  strings: Record<string, string>;
}

/**
 * Defaults, required inputs, choices and booleans of a workflow_dispatch, checked as the REST API
 * checks them before it accepts the dispatch.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_dispatchinputs
 */
export function resolveDispatchInputs(config: WorkflowDispatchConfig | undefined, given: Record<string, unknown>): DispatchInputs {
  const declared = config?.inputs ?? {};
  const unexpected = Object.keys(given).filter((k) => !(k in declared));
  if (unexpected.length) throw new DispatchInputError(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  const typed: Record<string, unknown> = {};
  const strings: Record<string, string> = {};
  for (const [key, input] of Object.entries(declared)) {
    const raw = given[key] ?? input.default;
    if (raw === undefined || raw === '') {
      if (input.required) throw new DispatchInputError(`Required input '${key}' not provided`);
    }
    const text = raw === undefined ? '' : String(raw);
    switch (input.type) {
      case 'boolean':
        if (text !== '' && text !== 'true' && text !== 'false') throw new DispatchInputError(`Provided value '${text}' for input '${key}' is not a boolean`);
        typed[key] = text === 'true';
        break;
      case 'choice':
        if (text !== '' && !input.options?.includes(text)) throw new DispatchInputError(`Provided value '${text}' for input '${key}' not in the list of allowed values`);
        typed[key] = text;
        break;
      case 'number' as string:
        typed[key] = text === '' ? '' : Number(text);
        break;
      default:
        typed[key] = text;
    }
    strings[key] = text;
  }
  return { typed, strings };
}
