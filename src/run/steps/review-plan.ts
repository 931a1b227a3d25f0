// The plan a pull request is reviewed with: for each tenant it changes, one plan per capability,
// each exactly the plan (and hash) that capability's action step computes for that tenant, so the
// merge can bind every step to what its reviewers saw. Offline when the PR has no secrets.
import { hashPlan, renderPlanMarkdown, type Plan } from '../../plan/index.ts';
import type { Inputs } from '../inputs.ts';
import { planOnline, planTenants, selectTenants } from '../plan.ts';
import { CAPABILITY_NAMES, KIND_LABELS, type CapabilityName } from '../resources.ts';
import type { Services } from '../services.ts';

export interface TenantReview {
  tenant: string;
  /** Per capability, in apply order, the plan its action step would compute. */
  plans: Record<CapabilityName, Plan>;
}

export interface ReviewPlanOptions {
  /** Tenant codes; each must exist in tenants/. */
  tenants: readonly string[];
  offline?: boolean;
}

export async function planForReview(inputs: Inputs, services: Services, options: ReviewPlanOptions): Promise<TenantReview[]> {
  const reviews: TenantReview[] = [];
  for (const tenant of options.tenants) {
    selectTenants(inputs, tenant);
    const plans = {} as Record<CapabilityName, Plan>;
    for (const only of CAPABILITY_NAMES) {
      const scope = { tenant, only: [only] };
      plans[only] = options.offline ? await planTenants(inputs, { ...scope, offline: true }) : await planOnline(inputs, services, scope);
    }
    reviews.push({ tenant, plans });
  }
  return reviews;
}

/** Per capability, the hash; what the PR comment's marker carries for the tenant. */
export function reviewHashes(review: TenantReview): Record<CapabilityName, string> {
  return Object.fromEntries(CAPABILITY_NAMES.map((c) => [c, review.plans[c].hash])) as Record<CapabilityName, string>;
}

/** `db +2 ~1 · powerbi +44 · dns no change`, with capabilities that need force called out. */
export function renderReviewLine(review: TenantReview): string {
  return CAPABILITY_NAMES.map((c) => {
    const t = review.plans[c].tenants[0];
    const n = t?.counts;
    const parts = n ? [['+', n.create], ['~', n.update], ['±', n.replace], ['-', n.delete]].filter(([, v]) => Number(v) > 0).map(([s, v]) => `${s}${v}`) : [];
    const unsafe = t?.unsafe.length ? ' **force required (applied after the go-live gate)**' : '';
    return `${c} ${parts.length ? parts.join(' ') : 'no change'}${unsafe}`;
  }).join(' · ');
}

/** Each capability's plan markdown under its own heading. */
export function renderReviewDetails(review: TenantReview): string {
  return CAPABILITY_NAMES.map((c) => `#### ${c} \`${review.plans[c].hash}\`\n\n${renderPlanMarkdown(review.plans[c], { labels: KIND_LABELS })}`).join('\n\n');
}

/** One tenant's part of a fleet plan, hashed as a plan of that tenant alone. */
export function tenantSubPlan(plan: Plan, tenant: string): Plan {
  const tenants = plan.tenants.filter((t) => t.tenant === tenant);
  return { ...plan, tenants, hash: hashPlan({ version: plan.version, tenants }) };
}
