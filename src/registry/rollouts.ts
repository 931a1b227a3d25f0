// Fleet rollouts: one row per rollout (what, at which revision, by whom, where it stands) and one
// per tenant of it (its wave, pending / applied / failed / skipped, the revision last applied, the
// error). A re-run reads them to resume where the rollout stopped; a retry takes only the failed.

import { inTransaction, type Pool, type Queryable } from '../pg/index.ts';

export type RolloutStatus = 'running' | 'halted' | 'completed';
export type RolloutTenantState = 'pending' | 'applied' | 'failed' | 'skipped';

export interface RolloutRecord {
  id: string;
  revision: string;
  payload: Record<string, unknown>;
  startedBy: string;
  run: string | null;
  status: RolloutStatus;
  /** The wave that halted it, while it is halted. */
  haltedWave: string | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface RolloutTenantRecord {
  tenant: string;
  wave: number;
  state: RolloutTenantState;
  revision: string | null;
  error: string | null;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface RolloutInput {
  revision: string;
  payload: Record<string, unknown>;
  startedBy: string;
  run?: string;
  /** Every tenant of the rollout with its wave; all start pending. */
  tenants: readonly { tenant: string; wave: number }[];
}

const ROLLOUT_COLUMNS = `id, revision, payload, started_by AS "startedBy", run, status, halted_wave AS "haltedWave", started_at AS "startedAt", updated_at AS "updatedAt", finished_at AS "finishedAt"`;
const TENANT_COLUMNS = `tenant, wave, state, revision, error, attempts, started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Errors are kept short: the full failure is in the deployment journal and the run's log. */
const ERROR_LIMIT = 1000;

export async function createRollout(pool: Pool, input: RolloutInput): Promise<string> {
  return inTransaction(pool, async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO rollouts (revision, payload, started_by, run) VALUES ($1, $2, $3, $4) RETURNING id`,
      [input.revision, JSON.stringify(input.payload), input.startedBy, input.run ?? null],
    );
    const id = rows[0].id;
    if (input.tenants.length) {
      await c.query(
        `INSERT INTO rollout_tenants (rollout, tenant, wave) SELECT $1, t, w FROM unnest($2::text[], $3::int[]) AS x(t, w)`,
        [id, input.tenants.map((t) => t.tenant), input.tenants.map((t) => t.wave)],
      );
    }
    return id;
  });
}

/** The rollout of that id, or the newest one when no id is given. */
export async function getRollout(db: Queryable, id?: string): Promise<RolloutRecord | undefined> {
  const { rows } = id
    ? await db.query<RolloutRecord>(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id::text = $1`, [id])
    : await db.query<RolloutRecord>(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts ORDER BY started_at DESC, id LIMIT 1`);
  return rows[0];
}

/** Its tenants by wave, then code. */
export async function listRolloutTenants(db: Queryable, id: string): Promise<RolloutTenantRecord[]> {
  const { rows } = await db.query<RolloutTenantRecord>(`SELECT ${TENANT_COLUMNS} FROM rollout_tenants WHERE rollout = $1 ORDER BY wave, tenant`, [id]);
  return rows;
}

/** The tenants are being applied now: one more attempt each. */
export async function startRolloutTenants(db: Queryable, id: string, tenants: readonly string[]): Promise<void> {
  await db.query(`UPDATE rollout_tenants SET attempts = attempts + 1, started_at = clock_timestamp(), finished_at = NULL WHERE rollout = $1 AND tenant = ANY($2)`, [id, tenants]);
}

/** Where a tenant ended: `applied` with the revision applied, `failed` with its error, or `skipped`. */
export async function finishRolloutTenant(
  db: Queryable,
  id: string,
  tenant: string,
  outcome: { state: Exclude<RolloutTenantState, 'pending'>; revision?: string; error?: string },
): Promise<void> {
  await db.query(
    `UPDATE rollout_tenants
        SET state = $3, revision = coalesce($4, revision), error = $5, finished_at = clock_timestamp()
      WHERE rollout = $1 AND tenant = $2`,
    [id, tenant, outcome.state, outcome.revision ?? null, outcome.error ? outcome.error.slice(0, ERROR_LIMIT) : null],
  );
}

/** `halted` names the wave that halted it; other statuses clear it. */
export async function setRolloutStatus(db: Queryable, id: string, status: RolloutStatus, haltedWave?: string): Promise<void> {
  await db.query(
    `UPDATE rollouts
        SET status = $2, halted_wave = CASE WHEN $2 = 'halted' THEN $3 END, updated_at = clock_timestamp(),
            finished_at = CASE WHEN $2 = 'completed' THEN clock_timestamp() END
      WHERE id = $1`,
    [id, status, haltedWave ?? null],
  );
}
