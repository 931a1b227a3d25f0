// A tenant's lifecycle status and the only moves between statuses: pending → provisioned
// (awaiting QA) → live, failed, suspended, decommissioned. The table below is the one place that
// says which moves exist; every move is audited with its actor, run and plan hash.
import { EnvironmentError } from '../errors/index.ts';
import type { Queryable } from '../pg/index.ts';
import { assertNoSecret } from './audit.ts';
import type { TenantStatus } from './tenants.ts';

/** From each status, where a tenant may go. Staying where it is is always allowed and writes nothing. */
export const STATUS_TRANSITIONS: Readonly<Record<TenantStatus, readonly TenantStatus[]>> = {
  // Provisioning ends in the QA checklist: passed (awaiting the gate) or failed.
  pending: ['provisioned', 'failed', 'decommissioned'],
  // The gate: approved → live. A later failing apply or checklist → failed; rejected → decommissioned (rollback).
  provisioned: ['live', 'failed', 'decommissioned'],
  // A re-run that passes QA, or a rollback of what never went live.
  failed: ['provisioned', 'decommissioned'],
  live: ['suspended', 'decommissioned'],
  suspended: ['live', 'decommissioned'],
  decommissioned: [],
};

export const TENANT_STATUSES = Object.keys(STATUS_TRANSITIONS) as TenantStatus[];

export interface TransitionOptions {
  /** Who moves it: `github:<login>`, `cli:<user>`, `sandbox`. */
  actor: string;
  /** GitHub run id or URL; absent for local runs. */
  run?: string;
  /** The plan (or reviewed plans) the move rests on. */
  planHash?: string;
  /** `live` only: who approved the go-live gate. */
  approvedBy?: string;
  /** Why, in a few words (recorded in the audit row). */
  reason?: string;
}

export interface TransitionResult {
  from: TenantStatus;
  to: TenantStatus;
  /** False when the tenant already had that status: nothing was written. */
  changed: boolean;
}

/** A move the table does not allow: the tenant keeps its status. */
export class StatusTransitionError extends EnvironmentError {
  readonly tenant: string;
  readonly from: TenantStatus;
  readonly to: TenantStatus;
  constructor(tenant: string, from: TenantStatus, to: TenantStatus) {
    const allowed = STATUS_TRANSITIONS[from];
    super(`tenant ${tenant} cannot go from ${from} to ${to}; from ${from} it may go to ${allowed.length ? allowed.join(', ') : 'nothing (final)'}`);
    this.tenant = tenant;
    this.from = from;
    this.to = to;
  }
}

export function canTransition(from: TenantStatus, to: TenantStatus): boolean {
  return from === to || STATUS_TRANSITIONS[from].includes(to);
}

/**
 * Moves a tenant to `to`, or refuses (StatusTransitionError) and changes nothing. One statement
 * locks the row, checks the move, writes it and its audit row, so two runs cannot both move it
 * from the same status and no move goes unaudited, on a pool or inside a caller's transaction.
 */
export async function transitionTenant(db: Queryable, code: string, to: TenantStatus, options: TransitionOptions): Promise<TransitionResult> {
  const after = { status: to, planHash: options.planHash ?? null, ...(options.approvedBy ? { approvedBy: options.approvedBy } : {}), ...(options.reason ? { reason: options.reason } : {}) };
  assertNoSecret('tenant.status', after);
  const { rows } = await db.query<{ from: TenantStatus | null; changed: boolean }>(
    `WITH current AS (SELECT code, status FROM tenants WHERE code = $1 FOR UPDATE),
          moved AS (
            UPDATE tenants t SET status = $2, updated_at = now(),
              provisioned_at = CASE WHEN $2 = 'provisioned' THEN now() ELSE t.provisioned_at END,
              live_at = CASE WHEN $2 = 'live' AND t.live_at IS NULL THEN now() ELSE t.live_at END,
              approved_by = CASE WHEN $2 = 'live' AND $3::text IS NOT NULL THEN $3 ELSE t.approved_by END
            FROM current c WHERE t.code = c.code AND c.status <> $2 AND c.status = ANY($4::text[])
            RETURNING t.code, c.status AS from_status),
          audited AS (
            INSERT INTO audit_log (actor, github_run, tenant, action, target, before, after)
            SELECT $5, $6, m.code, 'tenant.status', m.code, jsonb_build_object('status', m.from_status), $7::jsonb FROM moved m
            RETURNING id)
     SELECT (SELECT status FROM current) AS "from", EXISTS (SELECT 1 FROM moved) AS changed`,
    [code, to, options.approvedBy ?? null, allowedFrom(to), options.actor, options.run ?? null, JSON.stringify(after)],
  );
  const from = rows[0]?.from;
  if (!from) throw new EnvironmentError(`tenant ${code} is not in the registry; it has never been applied`);
  if (from === to) return { from, to, changed: false };
  if (!rows[0].changed) throw new StatusTransitionError(code, from, to);
  return { from, to, changed: true };
}

/** The statuses from which `to` may be reached. */
function allowedFrom(to: TenantStatus): TenantStatus[] {
  return TENANT_STATUSES.filter((from) => STATUS_TRANSITIONS[from].includes(to));
}
