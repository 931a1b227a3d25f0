// The hygiene rules every workflow keeps, as one function the tests run on the real workflows and
// on a fixture per rule: no secret in workflow- or job-level `env` (every step of the job,
// checkout and npm ci's lifecycle scripts included, would get it), third-party actions pinned to
// a commit, per-tenant concurrency groups queued, and no job reading a secret of an environment
// it does not name (environment secrets reach only jobs that name the environment).
import { parse } from 'yaml';

export interface EnvironmentsFile {
  repository: { secrets: string[] };
  environments: Record<string, { requiredReviewers: boolean; secrets: string[] }>;
}

interface Concurrency { group?: string; queue?: string }
interface Job { environment?: string | { name: string }; env?: Record<string, unknown>; concurrency?: string | Concurrency; steps?: { uses?: string }[] }
interface Workflow { env?: Record<string, unknown>; concurrency?: string | Concurrency; jobs: Record<string, Job> }

const SECRET = /secrets\.([A-Za-z_][A-Za-z0-9_]*)/g;
const PINNED = /^[\w.-]+\/[\w.-]+(\/[^@]+)?@[0-9a-f]{40}$/;

export function checkWorkflowHygiene(file: string, text: string, envs: EnvironmentsFile): string[] {
  const wf = parse(text) as Workflow;
  const problems: string[] = [];
  const secretsIn = (value: unknown) => [...JSON.stringify(value ?? null).matchAll(SECRET)].map((m) => m[1]);
  for (const s of secretsIn(wf.env)) problems.push(`${file}: workflow-level env reads secrets.${s}: give it to the steps that use it`);
  checkConcurrency(`${file}`, wf.concurrency, problems);
  for (const [id, job] of Object.entries(wf.jobs ?? {})) {
    const where = `${file} job ${id}`;
    for (const s of secretsIn(job.env)) problems.push(`${where}: job-level env reads secrets.${s}: give it to the steps that use it`);
    checkConcurrency(where, job.concurrency, problems);
    for (const step of job.steps ?? []) {
      if (step.uses && !step.uses.startsWith('./') && !step.uses.startsWith('docker://') && !PINNED.test(step.uses)) {
        problems.push(`${where}: ${step.uses} is not pinned to a full commit sha`);
      }
    }
    const environment = typeof job.environment === 'object' ? job.environment?.name : job.environment;
    const allowed = new Set(['GITHUB_TOKEN', ...envs.repository.secrets, ...(environment ? envs.environments[environment]?.secrets ?? [] : [])]);
    if (environment && !envs.environments[environment]) problems.push(`${where}: environment ${environment} is not declared in .github/environments.yml`);
    for (const s of new Set(secretsIn(job))) {
      if (!allowed.has(s)) problems.push(`${where}: reads secrets.${s}, which is ${environment ? `not a secret of environment ${environment}` : 'an environment secret, and the job names no environment'} nor a repository secret`);
    }
  }
  return problems;
}

function checkConcurrency(where: string, concurrency: string | Concurrency | undefined, problems: string[]): void {
  const group = typeof concurrency === 'string' ? concurrency : concurrency?.group;
  if (!group || !/(^|[^\w])tenant-\$\{\{/.test(group)) return;
  if (typeof concurrency === 'string' || concurrency?.queue !== 'max') {
    problems.push(`${where}: per-tenant concurrency group "${group}" without queue: max cancels pending runs`);
  }
}
