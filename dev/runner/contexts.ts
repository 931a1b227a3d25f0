// The `github` and `runner` contexts of a run and job, and the default environment variables
// every step gets from them.
// https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#github-context
// https://docs.github.com/en/actions/reference/workflows-and-actions/variables#default-environment-variables
import type { NormalizedEvent } from './events.ts';
import type { StepFiles } from './file-commands.ts';
import type { LoadedWorkflow } from './workflows.ts';

export interface RunIdentity {
  id: number;
  runNumber: number;
  workflow: LoadedWorkflow;
  event: NormalizedEvent;
  repository: string;
  serverUrl: string;
  apiUrl: string;
  token: string;
}

export interface JobPlace {
  jobId: string;
  workspace: string;
  temp: string;
  toolCache: string;
  eventPath: string;
}

export const RUNNER_NAME = 'local-runner';

export function buildGithubContext(run: RunIdentity, job?: JobPlace, step?: { id: string; files: StepFiles }): Record<string, unknown> {
  const { event } = run;
  const [owner] = run.repository.split('/');
  const pr = event.payload.pull_request as { head?: { ref?: string }; base?: { ref?: string } } | undefined;
  const isTag = event.ref.startsWith('refs/tags/');
  return {
    action: step?.id ?? '',
    action_path: '',
    actor: event.actor,
    triggering_actor: event.actor,
    api_url: run.apiUrl,
    graphql_url: `${run.apiUrl.replace(/\/$/, '')}/graphql`,
    base_ref: pr?.base?.ref ?? '',
    head_ref: pr?.head?.ref ?? '',
    event: event.payload,
    event_name: event.name,
    event_path: job?.eventPath ?? '',
    env: step?.files.env ?? '',
    output: step?.files.output ?? '',
    path: step?.files.path ?? '',
    state: step?.files.state ?? '',
    step_summary: step?.files.summary ?? '',
    job: job?.jobId ?? '',
    ref: event.ref,
    ref_name: event.ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\/(\d+)\/merge$/, '$1/merge'),
    ref_protected: false,
    ref_type: isTag ? 'tag' : 'branch',
    repository: run.repository,
    repository_owner: owner,
    repositoryUrl: `git://${new URL(run.serverUrl).host}/${run.repository}.git`,
    retention_days: '90',
    run_id: String(run.id),
    run_number: String(run.runNumber),
    run_attempt: '1',
    secret_source: 'Actions',
    server_url: run.serverUrl,
    sha: event.sha,
    token: run.token,
    workflow: run.workflow.name,
    workflow_ref: `${run.repository}/${run.workflow.path}@${event.ref}`,
    workflow_sha: event.sha,
    workspace: job?.workspace ?? '',
  };
}

export function buildRunnerContext(job: JobPlace): Record<string, unknown> {
  return { name: RUNNER_NAME, os: 'Linux', arch: 'X64', temp: job.temp, tool_cache: job.toolCache, environment: 'self-hosted', debug: '' };
}

/** The GITHUB_* and RUNNER_* variables of a step, from its contexts. */
export function defaultVariables(github: Record<string, unknown>, runner: Record<string, unknown>): Record<string, string> {
  const g = (key: string) => String(github[key] ?? '');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: g('action'),
    GITHUB_ACTOR: g('actor'),
    GITHUB_TRIGGERING_ACTOR: g('triggering_actor'),
    GITHUB_API_URL: g('api_url'),
    GITHUB_GRAPHQL_URL: g('graphql_url'),
    GITHUB_BASE_REF: g('base_ref'),
    GITHUB_HEAD_REF: g('head_ref'),
    GITHUB_ENV: g('env'),
    GITHUB_OUTPUT: g('output'),
    GITHUB_PATH: g('path'),
    GITHUB_STATE: g('state'),
    GITHUB_STEP_SUMMARY: g('step_summary'),
    GITHUB_EVENT_NAME: g('event_name'),
    GITHUB_EVENT_PATH: g('event_path'),
    GITHUB_JOB: g('job'),
    GITHUB_REF: g('ref'),
    GITHUB_REF_NAME: g('ref_name'),
    GITHUB_REF_PROTECTED: g('ref_protected'),
    GITHUB_REF_TYPE: g('ref_type'),
    GITHUB_REPOSITORY: g('repository'),
    GITHUB_REPOSITORY_OWNER: g('repository_owner'),
    GITHUB_RETENTION_DAYS: g('retention_days'),
    GITHUB_RUN_ID: g('run_id'),
    GITHUB_RUN_NUMBER: g('run_number'),
    GITHUB_RUN_ATTEMPT: g('run_attempt'),
    GITHUB_SERVER_URL: g('server_url'),
    GITHUB_SHA: g('sha'),
    GITHUB_WORKFLOW: g('workflow'),
    GITHUB_WORKFLOW_REF: g('workflow_ref'),
    GITHUB_WORKFLOW_SHA: g('workflow_sha'),
    GITHUB_WORKSPACE: g('workspace'),
    RUNNER_NAME: String(runner.name),
    RUNNER_OS: String(runner.os),
    RUNNER_ARCH: String(runner.arch),
    RUNNER_TEMP: String(runner.temp),
    RUNNER_TOOL_CACHE: String(runner.tool_cache),
    RUNNER_ENVIRONMENT: String(runner.environment),
  };
}
