// The plan of a run, before anything is contacted: each step's policies resolved against the
// sequence's defaults and its tenants chosen by its targets (and `--tenant`). Pure.
import type { TenantConfig } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import type { OperationPlan, OperationSequence, StepTargets } from './types.ts';
import * as msg from './messages.ts';

export interface PlanOperationOptions {
  /** Only this tenant, in the steps that target it. */
  tenant?: string;
}

export function planOperation(sequence: OperationSequence, tenants: readonly TenantConfig[], options: PlanOperationOptions = {}): OperationPlan {
  const steps = sequence.steps.map((step) => ({
    id: step.id,
    action: step.action,
    needs: step.needs ?? [],
    parallelism: step.parallelism ?? sequence.parallelism,
    onFailure: step.onFailure ?? sequence.onFailure,
    retries: step.retries ?? sequence.retries,
    tenants: tenants.filter((t) => matches(t, step.targets ?? {}) && (options.tenant === undefined || t.code === options.tenant)).map((t) => t.code),
  }));
  if (options.tenant !== undefined && !steps.some((s) => s.tenants.length)) throw new EnvironmentError(msg.tenantNotTargeted(options.tenant, sequence.name));
  return { name: sequence.name, steps };
}

/** Every given field must match; a lifecycle other than active must be asked for. */
export function matches(tenant: TenantConfig, targets: StepTargets): boolean {
  if (targets.tenants && !targets.tenants.includes(tenant.code)) return false;
  if (targets.capacity !== undefined && tenant.powerbi.capacity !== targets.capacity) return false;
  if (targets.cluster !== undefined && tenant.database.cluster !== targets.cluster) return false;
  if (targets.module !== undefined && !tenant.modules.includes(targets.module)) return false;
  return tenant.lifecycle === (targets.lifecycle ?? 'active');
}
