// One GitHub issue per drifted tenant (label tenantops-drift, the tenant code in the title):
// opened when drift appears, its body kept current while it lasts, closed when it is gone. The
// decisions are pure; the sync applies them through Octokit.
import type { Octokit } from '@octokit/rest';
import type { RepositoryRef } from './api.ts';
import { fitComment } from './comment.ts';

export const DRIFT_LABEL = 'tenantops-drift';

export interface DriftReport {
  tenant: string;
  drifted: boolean;
  /** The tenant's plan against what exists (the issue's body while it drifts). */
  markdown: string;
}

export interface DriftIssue {
  number: number;
  title: string;
  body: string;
}

export type DriftAction =
  | { kind: 'open'; tenant: string; title: string; body: string }
  | { kind: 'update'; tenant: string; number: number; body: string }
  | { kind: 'close'; tenant: string; number: number }
  | { kind: 'keep'; tenant: string; number: number };

export function driftIssueTitle(tenant: string): string {
  return `tenantops drift: ${tenant}`;
}

function driftIssueBody(report: DriftReport, runUrl?: string): string {
  const head = `Tenant \`${report.tenant}\` differs from what its file and platform.yaml ask for.${runUrl ? ` Found by [this run](${runUrl}).` : ''}`;
  const tail = 'Merge a change that accepts what exists, or re-run tenant-provision for the tenant to restore it. This issue closes itself once the drift is gone.';
  return fitComment(`${head}\n\n${report.markdown}\n\n${tail}`, runUrl ? `the run's job summary (${runUrl})` : "the drift run's job summary");
}

/** What to do with each tenant's issue; tenants without an open issue and without drift need nothing. */
export function decideDriftIssues(reports: readonly DriftReport[], open: readonly DriftIssue[], runUrl?: string): DriftAction[] {
  const byTitle = new Map(open.map((i) => [i.title, i]));
  const actions: DriftAction[] = [];
  for (const r of reports) {
    const issue = byTitle.get(driftIssueTitle(r.tenant));
    if (!r.drifted) {
      if (issue) actions.push({ kind: 'close', tenant: r.tenant, number: issue.number });
      continue;
    }
    const body = driftIssueBody(r, runUrl);
    if (!issue) actions.push({ kind: 'open', tenant: r.tenant, title: driftIssueTitle(r.tenant), body });
    // The run link changes every run; only a different plan is worth a notification.
    else if (stripRunLink(issue.body) !== stripRunLink(body)) actions.push({ kind: 'update', tenant: r.tenant, number: issue.number, body });
    else actions.push({ kind: 'keep', tenant: r.tenant, number: issue.number });
  }
  return actions;
}

function stripRunLink(body: string): string {
  return body.replace(/ Found by \[this run\]\([^)]*\)\./, '');
}

/** Reads the open drift issues (every page), decides, and applies the decisions. */
export async function syncDriftIssues(octokit: Octokit, repo: RepositoryRef, reports: readonly DriftReport[], runUrl?: string): Promise<DriftAction[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'open', labels: DRIFT_LABEL, per_page: 100 });
  const open = issues.filter((i) => !i.pull_request).map((i) => ({ number: i.number, title: i.title, body: i.body ?? '' }));
  const actions = decideDriftIssues(reports, open, runUrl);
  for (const a of actions) {
    if (a.kind === 'open') await octokit.rest.issues.create({ ...repo, title: a.title, body: a.body, labels: [DRIFT_LABEL] });
    else if (a.kind === 'update') await octokit.rest.issues.update({ ...repo, issue_number: a.number, body: a.body });
    else if (a.kind === 'close') {
      await octokit.rest.issues.createComment({ ...repo, issue_number: a.number, body: `No drift any more${runUrl ? ` ([run](${runUrl}))` : ''}: closing.` });
      await octokit.rest.issues.update({ ...repo, issue_number: a.number, state: 'closed', state_reason: 'completed' });
    }
  }
  return actions;
}
