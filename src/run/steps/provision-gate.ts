// Before a provisioning run writes anything: plan each capability of the tenant again, hold each
// to the hash that was reviewed (or accepted), and split them into what this job applies now and
// what needs force, which only the go-live job applies, behind its approval, bound to the hash of
// the destructive plan shown here.
import { isUnsafe, renderPlanMarkdown, type Plan } from '../../plan/index.ts';
import type { Inputs } from '../inputs.ts';
import { planOnline, selectTenants } from '../plan.ts';
import { CAPABILITY_NAMES, KIND_LABELS, type CapabilityName } from '../resources.ts';
import type { Services } from '../services.ts';

export interface ProvisionGateOptions {
  tenant: string;
  /** Per capability, the hash reviewed on the PR or accepted at dispatch. */
  expected: Partial<Record<CapabilityName, string>>;
}

export interface CapabilityCheck {
  capability: CapabilityName;
  expected?: string;
  hash: string;
  matches: boolean;
  changes: number;
  /** Needs force: destroys data or passes a safety threshold. */
  unsafe: boolean;
}

export interface ProvisionGateResult {
  tenant: string;
  lifecycle: string;
  checks: CapabilityCheck[];
  /** Capabilities whose plan changed since review: nothing may be applied. */
  mismatched: CapabilityName[];
  /** Safe capabilities the provisioning job applies, bound to their reviewed hash. */
  apply: CapabilityName[];
  /** Unsafe ones, left to the go-live job. */
  deferred: CapabilityName[];
  /** The plan go-live applies (`only: deferred`), with force and this hash. */
  destructive?: { hash: string; markdown: string };
  markdown: string;
}

export async function checkProvisionGate(inputs: Inputs, services: Services, options: ProvisionGateOptions): Promise<ProvisionGateResult> {
  const [{ config }] = selectTenants(inputs, options.tenant);
  const plans = new Map<CapabilityName, Plan>();
  const checks: CapabilityCheck[] = [];
  for (const capability of CAPABILITY_NAMES) {
    const plan = await planOnline(inputs, services, { tenant: config.code, only: [capability] });
    plans.set(capability, plan);
    const expected = options.expected[capability];
    checks.push({ capability, expected, hash: plan.hash, matches: expected === plan.hash, changes: plan.tenants[0]?.changes.length ?? 0, unsafe: isUnsafe(plan) });
  }
  const mismatched = checks.filter((c) => !c.matches).map((c) => c.capability);
  const deferred = checks.filter((c) => c.unsafe).map((c) => c.capability);
  const apply = mismatched.length ? [] : checks.filter((c) => !c.unsafe && c.changes > 0).map((c) => c.capability);
  let destructive: ProvisionGateResult['destructive'];
  if (!mismatched.length && deferred.length) {
    const plan = await planOnline(inputs, services, { tenant: config.code, only: deferred });
    destructive = { hash: plan.hash, markdown: renderPlanMarkdown(plan, { labels: KIND_LABELS, forceFlag: 'the go-live approval' }) };
  }
  const result = { tenant: config.code, lifecycle: config.lifecycle, checks, mismatched, apply, deferred, destructive, markdown: '' };
  result.markdown = renderGateMarkdown(result, plans);
  return result;
}

function renderGateMarkdown(r: Omit<ProvisionGateResult, 'markdown'>, plans: Map<CapabilityName, Plan>): string {
  const out = [`### tenantops: provisioning ${r.tenant}`, '', '| capability | reviewed | now | changes | applied |', '|---|---|---|---|---|'];
  for (const c of r.checks) {
    const when = r.mismatched.length ? 'refused' : c.unsafe ? 'after the go-live gate' : c.changes ? 'here' : 'nothing to do';
    out.push(`| ${c.capability} | \`${c.expected?.slice(0, 12) ?? 'none'}\` | \`${c.hash.slice(0, 12)}\` | ${c.changes} | ${when} |`);
  }
  if (r.mismatched.length) {
    const accept = r.checks.map((c) => `${c.capability}=${c.hash}`).join(',');
    out.push(
      '',
      `**Refused: the plan of ${r.mismatched.join(', ')} is not the one that was reviewed.** Nothing was changed.`,
      '',
      'If the plans below are what should happen, re-dispatch tenant-provision for this tenant with the input `accept-hashes` set to:',
      '',
      '```',
      accept,
      '```',
      '',
      ...r.mismatched.map((c) => renderPlanMarkdown(plans.get(c)!, { labels: KIND_LABELS })),
    );
  } else if (r.destructive) {
    out.push('', `**Destructive changes wait for the go-live approval.** Approving applies exactly this plan, hash \`${r.destructive.hash}\`; if it changes before then, go-live refuses.`, '', r.destructive.markdown);
  }
  return out.join('\n');
}

/** `db=<hash>,powerbi=<hash>` (the accept-hashes input) as a map; unknown capabilities are refused by the caller. */
export function parseAcceptedHashes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, hash] = part.split('=').map((s) => s.trim());
    out[name] = hash ?? '';
  }
  return out;
}
