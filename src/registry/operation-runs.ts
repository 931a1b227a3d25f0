// The history of operation runs (templates/registry/0005_operation_runs.sql): a row when a run
// starts, completed with its per-step, per-tenant results when it ends. Results are stored as the
// run layer reports them; they hold statuses and request ids, never a secret (checked here).
import { InternalError } from '../errors/index.ts';
import type { Queryable } from '../pg/index.ts';
import { findSecretLike } from './audit.ts';

export type OperationRunStatus = 'running' | 'succeeded' | 'failed';

export interface OperationRunRecord {
  id: string;
  sequence: string;
  actor: string;
  githubRun: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  status: OperationRunStatus;
  durationMs: number | null;
  steps: unknown[];
}

export async function startOperationRun(db: Queryable, run: { sequence: string; actor: string; githubRun?: string; startedAt: Date }): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO operation_runs (sequence, actor, github_run, started_at) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`,
    [run.sequence, run.actor, run.githubRun ?? null, run.startedAt],
  );
  return rows[0].id;
}

export async function finishOperationRun(
  db: Queryable,
  id: string,
  result: { status: Exclude<OperationRunStatus, 'running'>; finishedAt: Date; durationMs: number; steps: unknown[] },
): Promise<void> {
  const found = findSecretLike(result.steps, 'steps');
  if (found.length) throw new InternalError(`refusing to record operation run ${id}: ${found.join(', ')} look(s) like a secret`);
  const { rowCount } = await db.query(
    `UPDATE operation_runs SET status = $2, finished_at = $3, duration_ms = $4, steps = $5 WHERE id = $1 AND status = 'running'`,
    [id, result.status, result.finishedAt, Math.round(result.durationMs), JSON.stringify(result.steps)],
  );
  if (rowCount !== 1) throw new InternalError(`operation run ${id} is unknown or already finished`);
}

/** Newest first. */
export async function listOperationRuns(db: Queryable, options: { sequence?: string; limit?: number } = {}): Promise<OperationRunRecord[]> {
  const { rows } = await db.query<OperationRunRecord>(
    `SELECT id::text AS id, sequence, actor, github_run AS "githubRun", started_at AS "startedAt", finished_at AS "finishedAt", status,
            duration_ms::float8 AS "durationMs", steps
       FROM operation_runs WHERE ($1::text IS NULL OR sequence = $1) ORDER BY id DESC LIMIT $2`,
    [options.sequence ?? null, options.limit ?? 50],
  );
  return rows;
}
