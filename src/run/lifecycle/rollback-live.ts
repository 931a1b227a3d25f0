// Rolling back a live tenant: it serves customers, so nothing is torn down or changed in place.
// The rollback is a pull request reverting the tenant's file, which then takes the ordinary path
// (plan comment, review, merge, provisioning behind the gate). The run layer decides and records;
// the caller opens the pull request (src/github, wired by the CLI: capabilities and the run layer
// never hold a GitHub token of their own).
import { EnvironmentError } from '../../errors/index.ts';
import { appendAudit, getTenant } from '../../registry/index.ts';
import type { Inputs } from '../inputs.ts';
import type { Services } from '../services.ts';
import { tenantFile, type RunActor } from './teardown.ts';

export interface RevertRequest {
  tenant: string;
  /** The tenant's file, relative to the repository root. */
  file: string;
  /** Unique per rollback: the GitHub run id, else a timestamp. */
  run: string;
  reason: string;
}

export interface RevertOutcome {
  number: number;
  url: string;
  branch: string;
  /** False when an open rollback pull request of the tenant was found instead. */
  created: boolean;
  toCommit?: string;
}

export interface LiveRollbackOptions extends RunActor {
  tenant: string;
  /** Why, for the pull request's body (default: who asked, from which run). */
  reason?: string;
  openRevert: (request: RevertRequest) => Promise<RevertOutcome>;
}

export interface LiveRollbackResult {
  tenant: string;
  pullRequest: RevertOutcome;
  markdown: string;
}

/** Whether the registry has the tenant live: its rollback is then a revert pull request. */
export async function isLive(services: Services, tenant: string): Promise<boolean> {
  return (await getTenant(await services.registry(), tenant))?.status === 'live';
}

export async function rollbackLiveTenant(inputs: Inputs, services: Services, options: LiveRollbackOptions): Promise<LiveRollbackResult> {
  const { file, config } = tenantFile(inputs, options.tenant);
  const registry = await services.registry();
  if ((await getTenant(registry, config.code))?.status !== 'live') throw new EnvironmentError(`tenant ${config.code} is not live: its rollback tears down what was provisioned (tenantops rollback without a revert); nothing was changed`);
  const run = options.githubRun ?? new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const reason = options.reason ?? `rollback asked by ${options.actor}${options.githubRunUrl ? ` in ${options.githubRunUrl}` : ''}`;
  const pr = await options.openRevert({ tenant: config.code, file, run, reason });
  if (pr.created) {
    await appendAudit(registry, { actor: options.actor, githubRun: options.githubRun, tenant: config.code, action: 'tenant.rollback', target: 'revert pull request', after: { pullRequest: pr.number, url: pr.url, branch: pr.branch, toCommit: pr.toCommit ?? null, runUrl: options.githubRunUrl ?? null } });
  }
  const markdown = [
    `### Rollback of ${config.code} (live)`,
    '',
    pr.created
      ? `Opened the revert pull request #${pr.number} of \`${file}\`: ${pr.url}. It takes the ordinary path (review, merge, provisioning behind the gate); nothing was changed in place.`
      : `A rollback pull request of ${config.code} is already open: #${pr.number} ${pr.url}. No second one was opened; nothing was changed.`,
  ].join('\n');
  return { tenant: config.code, pullRequest: pr, markdown };
}
