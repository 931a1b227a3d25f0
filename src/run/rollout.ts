// Fleet rollouts: the waves of src/rollout applied one after another with applyTenants (tenants of
// a wave in parallel under tenantConcurrency, each under its lock, within the shared rate budgets),
// where each tenant stands recorded in the registry, and a wave whose failures pass haltAfter
// halting the rollout. A re-run (resume) takes the pending tenants; retry takes only the failed.
import { EnvironmentError, type ApplyError } from '../errors/index.ts';
import { ApplyResultError, type ApplyResult } from '../plan/index.ts';
import {
  createRollout,
  finishRolloutTenant,
  getRollout,
  listRolloutTenants,
  setRolloutStatus,
  startRolloutTenants,
  type RolloutRecord,
  type RolloutStatus,
  type RolloutTenantRecord,
  type RolloutTenantState,
} from '../registry/index.ts';
import { formatAmount, planWaves, shouldHalt, toRolloutPolicy, type Amount, type RolloutPolicy } from '../rollout/index.ts';
import { applyTenants } from './apply.ts';
import type { Inputs } from './inputs.ts';
import type { CapabilityName } from './resources.ts';
import type { Services } from './services.ts';

export interface RolloutRunOptions {
  /** Who is rolling out: a GitHub actor, `cli:<user>`. */
  actor: string;
  githubRun?: string;
  githubRunUrl?: string;
  /** Allow changes that destroy data. */
  force?: boolean;
  /** Tenants applied at once within a wave; default 4 (applyTenants' budget reasoning applies). */
  tenantConcurrency?: number;
  /**
   * Waves this invocation applies before it stops with the rollout still running; default all.
   * The workflow applies one wave per gated job.
   */
  maxWaves?: number;
}

export interface StartRolloutOptions extends RolloutRunOptions {
  /** The repository revision rolled out (a commit sha), recorded per tenant once applied. */
  revision: string;
  /** Only these capabilities; all when absent. */
  only?: readonly CapabilityName[];
  /** Why: `schema_changed`, `templates`, `platform.yaml`; recorded with the rollout. */
  reason?: string;
}

export interface RolloutTenantReport {
  tenant: string;
  state: RolloutTenantState;
  revision: string | null;
  error: string | null;
  attempts: number;
}

export interface RolloutWaveReport {
  index: number;
  name: string;
  tenants: RolloutTenantReport[];
}

export interface RolloutReport {
  id: string;
  revision: string;
  status: RolloutStatus;
  reason?: string;
  policy: { canary: string[]; batch: string; haltAfter: string };
  /** The wave that halted the rollout, when it is halted. */
  haltedAt?: string;
  waves: RolloutWaveReport[];
  counts: Record<RolloutTenantState, number>;
}

/** What a rollout carries in its payload: enough to resume it from another process. */
interface RolloutPayload {
  policy: { canary: string[]; batch: Amount; haltAfter: Amount };
  waveNames: string[];
  only?: CapabilityName[];
  reason?: string;
}

/** Plans the waves from platform.yaml's rollout policy, records the rollout, and applies it. */
export async function startRollout(inputs: Inputs, services: Services, options: StartRolloutOptions): Promise<RolloutReport> {
  const policy = toRolloutPolicy(inputs.platform.rollout);
  const { waves, unknownCanary } = planWaves(inputs.tenants.map((t) => t.config.code), policy);
  if (unknownCanary.length) {
    throw new EnvironmentError(`rollout.canary of platform.yaml names ${unknownCanary.join(', ')}, not tenants of tenants/; allowed: codes of tenant files (${inputs.tenants.map((t) => t.config.code).join(', ') || 'none'})`);
  }
  const registry = await services.registry();
  const payload: RolloutPayload = { policy: { ...policy, canary: [...policy.canary] }, waveNames: waves.map((w) => w.name), only: options.only ? [...options.only] : undefined, reason: options.reason };
  const id = await createRollout(registry, {
    revision: options.revision,
    payload: payload as unknown as Record<string, unknown>,
    startedBy: options.actor,
    run: options.githubRunUrl ?? options.githubRun,
    tenants: waves.flatMap((w) => w.tenants.map((tenant) => ({ tenant, wave: w.index }))),
  });
  services.log.info(`rollout ${id}: ${waves.length} wave(s) of ${inputs.tenants.length} tenant(s) at ${options.revision}`);
  return continueRollout(inputs, services, id, 'pending', options);
}

/** Continues a rollout (the newest when no id is given) with its pending tenants, wave by wave. */
export async function resumeRollout(inputs: Inputs, services: Services, options: RolloutRunOptions & { id?: string }): Promise<RolloutReport> {
  const rollout = await requireRollout(services, options.id);
  return continueRollout(inputs, services, rollout.id, 'pending', options);
}

/** Applies again only the failed tenants of a rollout, wave by wave; pending tenants wait for resume. */
export async function retryRollout(inputs: Inputs, services: Services, options: RolloutRunOptions & { id?: string }): Promise<RolloutReport> {
  const rollout = await requireRollout(services, options.id);
  return continueRollout(inputs, services, rollout.id, 'failed', options);
}

/** Where a rollout (the newest when no id is given) stands. */
export async function rolloutStatus(services: Services, id?: string): Promise<RolloutReport> {
  const rollout = await requireRollout(services, id);
  return report(rollout, await listRolloutTenants(await services.registry(), rollout.id));
}

async function requireRollout(services: Services, id?: string): Promise<RolloutRecord> {
  const rollout = await getRollout(await services.registry(), id);
  if (!rollout) throw new EnvironmentError(id ? `no rollout ${id} in the registry` : 'no rollout in the registry yet; start one with tenantops rollout start');
  return rollout;
}

async function continueRollout(inputs: Inputs, services: Services, id: string, take: 'pending' | 'failed', options: RolloutRunOptions): Promise<RolloutReport> {
  const registry = await services.registry();
  let rollout = (await getRollout(registry, id))!;
  const payload = rollout.payload as unknown as RolloutPayload;
  const policy: RolloutPolicy = payload.policy;
  const byCode = new Map(inputs.tenants.map((t) => [t.config.code, t]));
  let tenants = await listRolloutTenants(registry, id);
  const waves = [...new Set(tenants.map((t) => t.wave))].sort((a, b) => a - b);
  let applied = 0;
  let halted: string | undefined;
  await setRolloutStatus(registry, id, 'running');
  for (const wave of waves) {
    if (options.maxWaves !== undefined && applied >= options.maxWaves) break;
    const name = payload.waveNames[wave] ?? `wave ${wave}`;
    const due = tenants.filter((t) => t.wave === wave && t.state === take);
    if (!due.length) continue;
    // A tenant whose file is gone since the rollout started has nothing left to roll out.
    for (const t of due.filter((t) => !byCode.has(t.tenant))) await finishRolloutTenant(registry, id, t.tenant, { state: 'skipped', error: 'no longer in tenants/' });
    const codes = due.map((t) => t.tenant).filter((c) => byCode.has(c));
    if (codes.length) {
      services.log.info(`rollout ${id}: ${name}: ${codes.join(', ')}`);
      await startRolloutTenants(registry, id, codes);
      const outcomes = await applyWave({ ...inputs, tenants: codes.map((c) => byCode.get(c)!) }, services, payload.only, options);
      for (const code of codes) {
        const error = outcomes.get(code);
        await finishRolloutTenant(registry, id, code, error === undefined ? { state: 'applied', revision: rollout.revision } : { state: 'failed', error });
        if (error !== undefined) services.log.error(`rollout ${id}: ${code} failed: ${error}`);
      }
    }
    applied++;
    tenants = await listRolloutTenants(registry, id);
    const inWave = tenants.filter((t) => t.wave === wave);
    const failed = inWave.filter((t) => t.state === 'failed').length;
    if (shouldHalt(failed, inWave.length, policy.haltAfter)) {
      halted = name;
      services.log.error(`rollout ${id}: ${name} halted the rollout: ${failed} of ${inWave.length} tenant(s) failed, more than haltAfter ${formatAmount(policy.haltAfter)}`);
      break;
    }
  }
  const open = tenants.some((t) => t.state === 'pending');
  const status: RolloutStatus = halted ? 'halted' : open ? 'running' : 'completed';
  await setRolloutStatus(registry, id, status, halted);
  rollout = (await getRollout(registry, id))!;
  return report(rollout, tenants);
}

/**
 * Applies one wave's tenants together and says, per tenant, why it failed (absent: it succeeded).
 * A failure that stops the whole apply before any tenant's own outcome is known (a tenant whose
 * state cannot be read, an unsafe plan) is narrowed down by applying the tenants one by one, so
 * one broken tenant never fails its wave-mates.
 */
async function applyWave(inputs: Inputs, services: Services, only: readonly CapabilityName[] | undefined, options: RolloutRunOptions): Promise<Map<string, string>> {
  const codes = inputs.tenants.map((t) => t.config.code);
  const failures = new Map<string, string>();
  let result: ApplyResult;
  try {
    result = await applyTenants(inputs, services, {
      only,
      force: options.force,
      tenantConcurrency: options.tenantConcurrency,
      actor: options.actor,
      githubRun: options.githubRun,
      githubRunUrl: options.githubRunUrl,
    });
  } catch (err) {
    if (err instanceof ApplyResultError) {
      result = err.result as ApplyResult;
      for (const f of (err as ApplyError).failures) {
        const code = codes.find((c) => f.key === c || f.key.startsWith(`${c} `));
        if (code && !failures.has(code)) failures.set(code, `${f.key}: ${f.error.message}`);
      }
    } else if (codes.length > 1) {
      for (const t of inputs.tenants) {
        const one = await applyWave({ ...inputs, tenants: [t] }, services, only, options);
        for (const [code, error] of one) failures.set(code, error);
      }
      return failures;
    } else {
      failures.set(codes[0], (err as Error).message);
      return failures;
    }
  }
  for (const t of result.tenants) {
    if (!failures.has(t.tenant) && (t.failed.length || t.skipped.length)) failures.set(t.tenant, `failed: ${t.failed.join(', ') || 'none'}; skipped: ${t.skipped.join(', ')}`);
  }
  return failures;
}

function report(rollout: RolloutRecord, tenants: readonly RolloutTenantRecord[]): RolloutReport {
  const payload = rollout.payload as unknown as RolloutPayload;
  const waves = [...new Set(tenants.map((t) => t.wave))].sort((a, b) => a - b).map((index) => ({
    index,
    name: payload.waveNames[index] ?? `wave ${index}`,
    tenants: tenants.filter((t) => t.wave === index).map(({ tenant, state, revision, error, attempts }) => ({ tenant, state, revision, error, attempts })),
  }));
  const counts: Record<RolloutTenantState, number> = { pending: 0, applied: 0, failed: 0, skipped: 0 };
  for (const t of tenants) counts[t.state]++;
  return {
    id: rollout.id,
    revision: rollout.revision,
    status: rollout.status,
    reason: payload.reason,
    policy: { canary: payload.policy.canary, batch: formatAmount(payload.policy.batch), haltAfter: formatAmount(payload.policy.haltAfter) },
    ...(rollout.haltedWave ? { haltedAt: rollout.haltedWave } : {}),
    waves,
    counts,
  };
}

/** The job summary: one table row per tenant of the waves this run touched, or of all. */
export function renderRolloutMarkdown(r: RolloutReport): string {
  const lines = [
    `### Rollout ${r.id}: ${r.status}${r.haltedAt ? ` (halted at ${r.haltedAt})` : ''}`,
    '',
    `Revision \`${r.revision}\`${r.reason ? `, ${r.reason}` : ''}; canary ${r.policy.canary.join(', ') || 'none'}, batch ${r.policy.batch}, haltAfter ${r.policy.haltAfter}. ` +
      `${r.counts.applied} applied, ${r.counts.failed} failed, ${r.counts.pending} pending, ${r.counts.skipped} skipped.`,
    '',
    '| wave | tenant | state | revision | attempts | error |',
    '|---|---|---|---|---|---|',
  ];
  const cell = (s: string | null) => (s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300);
  for (const w of r.waves) for (const t of w.tenants) lines.push(`| ${w.name} | ${t.tenant} | ${t.state} | ${cell(t.revision?.slice(0, 12) ?? '')} | ${t.attempts} | ${cell(t.error)} |`);
  return lines.join('\n');
}
