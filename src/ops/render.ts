// Renderers of operations: the plan a dry run shows, a run's per-step per-tenant table (the job
// summary), and the history of past runs. Markdown, readable as text in a terminal too.
import type { OperationPlan, OperationRunResult } from './types.ts';

const cell = (text: string | undefined) => (text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderOperationPlan(plan: OperationPlan): string {
  const lines = [`### ${plan.name}: dry run (nothing contacted)`, '', '| step | action | needs | tenants | parallelism | on failure | retries |', '|---|---|---|---|---|---|---|'];
  for (const s of plan.steps) {
    lines.push(`| ${s.id} | ${s.action} | ${s.needs.join(', ')} | ${s.tenants.join(', ') || '(none)'} | ${s.parallelism} | ${s.onFailure} | ${s.retries} |`);
  }
  return lines.join('\n');
}

export function renderOperationRun(run: OperationRunResult): string {
  const lines = [
    `### ${run.name}: ${run.status}`,
    '',
    `run ${run.id ?? '-'} by ${run.actor}, ${run.startedAt} → ${run.finishedAt} (${seconds(run.durationMs)})`,
    '',
    '| step | tenant | status | tries | detail | duration |',
    '|---|---|---|---|---|---|',
  ];
  for (const step of run.steps) {
    if (!step.tenants.length) lines.push(`| ${step.id} | | ${step.status} | | ${cell(step.detail ?? 'no tenant targeted')} | |`);
    for (const t of step.tenants) {
      const items = (t.items ?? []).map((i) => `${i.target}: ${i.status}${i.requestId ? ` (${i.requestId})` : ''}${i.detail ? ` ${i.detail}` : ''}`);
      lines.push(`| ${step.id} | ${t.tenant} | ${t.status} | ${t.attempts} | ${cell([t.detail, ...items].filter(Boolean).join('; '))} | ${seconds(t.durationMs)} |`);
    }
  }
  return lines.join('\n');
}

export function renderOperationHistory(runs: readonly OperationRunResult[]): string {
  const lines = ['| run | sequence | by | started | status | steps | duration |', '|---|---|---|---|---|---|---|'];
  for (const r of runs) {
    const steps = r.steps.map((s) => `${s.id} ${s.status}${s.tenants.length ? ` (${s.tenants.filter((t) => t.status === 'succeeded').length}/${s.tenants.length})` : ''}`).join(', ');
    lines.push(`| ${r.id ?? ''} | ${r.name} | ${cell(r.actor)} | ${r.startedAt} | ${r.status} | ${cell(steps)} | ${seconds(r.durationMs)} |`);
  }
  return lines.join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
