// Deployments and their journal. Each change is written as an `intent` before it is attempted and
// `done` or `failed` after, so a run that dies half-way leaves a record of exactly which changes
// may have happened; the next run reads those (listOpenIntents) and re-discovers before acting.

import type { ChangeAction, Journal } from '../plan/index.ts';
import { findSecretLike } from './audit.ts';
import { InternalError } from '../errors/index.ts';
import { inTransaction, type Pool, type Queryable } from '../pg/index.ts';
import { deleteResource, upsertResource } from './resources.ts';

/**
 * Crash testing (`npm run chaos`, test/chaos): with TENANTOPS_CHAOS_KILL_AFTER_STEP=<capability>:<k>
 * the process SIGKILLs itself right after the k-th journal record (intent, done or failed) of that
 * capability (the resource key's first segment: `db`, `powerbi`, …) is committed. Per capability,
 * because capabilities apply side by side: their records interleave differently from run to run,
 * while each one's own number of records does not. The journal is where every capability's steps pass, so a
 * step a capability adds later is a kill point without anyone wiring it. Read once at load; unset
 * (always, outside a sweep) it does nothing.
 */
export const CHAOS_KILL_AFTER_STEP_VARIABLE = 'TENANTOPS_CHAOS_KILL_AFTER_STEP';
const [killCapability, killAfterStep] = (process.env[CHAOS_KILL_AFTER_STEP_VARIABLE] ?? '').split(':');
const stepsCommitted = new Map<string, number>();

function stepCommitted(key: string): void {
  const capability = key.split('/')[0];
  const n = (stepsCommitted.get(capability) ?? 0) + 1;
  stepsCommitted.set(capability, n);
  if (capability === killCapability && String(n) === killAfterStep) process.kill(process.pid, 'SIGKILL');
}

// `abandoned`: its run died while it was running (src/registry/deployment-liveness.ts).
export type DeploymentStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'abandoned';

export interface DeploymentInput {
  tenant: string;
  planHash: string;
  actor: string;
  githubRunId?: string;
  githubRunUrl?: string;
  /** Its id, when the caller needs it before the row exists (a liveness lock); default a new uuid. */
  id?: string;
}

export interface DeploymentRecord extends DeploymentInput {
  id: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: DeploymentStatus;
}

/** Records the start of an apply; returns the deployment id. */
export async function startDeployment(db: Queryable, d: DeploymentInput): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deployments (id, tenant, plan_hash, actor, github_run_id, github_run_url)
     VALUES (coalesce($6::uuid, gen_random_uuid()), $1, $2, $3, $4, $5) RETURNING id`,
    [d.tenant, d.planHash, d.actor, d.githubRunId ?? null, d.githubRunUrl ?? null, d.id ?? null],
  );
  return rows[0].id;
}

export async function finishDeployment(db: Queryable, id: string, status: Exclude<DeploymentStatus, 'running'>): Promise<void> {
  const { rowCount } = await db.query(
    `UPDATE deployments SET status = $2, finished_at = clock_timestamp() WHERE id = $1 AND status = 'running'`,
    [id, status],
  );
  if (rowCount !== 1) throw new InternalError(`deployment ${id} is unknown or already finished`);
}

export async function getDeployment(db: Queryable, id: string): Promise<DeploymentRecord | undefined> {
  const { rows } = await db.query<DeploymentRecord>(
    `SELECT id, tenant, plan_hash AS "planHash", actor, github_run_id AS "githubRunId", github_run_url AS "githubRunUrl",
            started_at AS "startedAt", finished_at AS "finishedAt", status
       FROM deployments WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/**
 * Whether anyone but deployment `deploymentId` may have changed the tenant since that deployment
 * started: another deployment of the tenant still running (it may be applying, or dead mid-way),
 * or finished after ours started (a run finishes its deployment only after letting go of the
 * tenant's lock, so one that held the lock at any time since then finished since then), or an
 * audit row of the tenant since then (a run that changes the registry's side of a tenant under its
 * lock without a deployment, e.g. mail, audits it). An unknown deployment counts as touched.
 * Timestamps are all the registry's own clock.
 */
export async function tenantTouchedSince(db: Queryable, tenant: string, deploymentId: string): Promise<boolean> {
  const { rows } = await db.query<{ touched: boolean }>(
    `WITH mine AS (SELECT started_at FROM deployments WHERE id = $2 AND tenant = $1)
     SELECT NOT EXISTS (SELECT 1 FROM mine)
         OR EXISTS (SELECT 1 FROM deployments d, mine
                     WHERE d.tenant = $1 AND d.id <> $2 AND (d.finished_at IS NULL OR d.finished_at >= mine.started_at))
         OR EXISTS (SELECT 1 FROM audit_log a, mine WHERE a.tenant = $1 AND a.at >= mine.started_at) AS touched`,
    [tenant, deploymentId],
  );
  return rows[0].touched;
}

/** The tenant's deployments, oldest first. */
export async function listDeployments(db: Queryable, tenant: string): Promise<DeploymentRecord[]> {
  const { rows } = await db.query<DeploymentRecord>(
    `SELECT id, tenant, plan_hash AS "planHash", actor, github_run_id AS "githubRunId", github_run_url AS "githubRunUrl",
            started_at AS "startedAt", finished_at AS "finishedAt", status
       FROM deployments WHERE tenant = $1 ORDER BY started_at, id`,
    [tenant],
  );
  return rows;
}

export interface StepInput {
  deploymentId: string;
  tenant: string;
  /** The resource key, e.g. `powerbi/report/<template>`. */
  key: string;
  action: ChangeAction;
  /** JSON, never secrets: what the step is about to do or what it produced (ids). */
  detail?: unknown;
}

export interface StepRecord extends Required<Omit<StepInput, 'detail'>> {
  id: string;
  phase: 'intent' | 'done' | 'failed';
  at: Date;
  detail: unknown;
}

export function journalIntent(db: Queryable, step: StepInput): Promise<string> {
  return writeStep(db, step, 'intent');
}

export function journalDone(db: Queryable, step: StepInput): Promise<string> {
  return writeStep(db, step, 'done');
}

export function journalFailed(db: Queryable, step: StepInput): Promise<string> {
  return writeStep(db, step, 'failed');
}

async function writeStep(db: Queryable, step: StepInput, phase: StepRecord['phase']): Promise<string> {
  const secretLike = findSecretLike(step.detail, 'detail');
  if (secretLike.length) throw new InternalError(`refusing to journal ${step.key}: ${secretLike.join(', ')} look(s) like a secret`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO deployment_steps (deployment_id, tenant, resource_key, action, phase, detail)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [step.deploymentId, step.tenant, step.key, step.action, phase, step.detail === undefined ? null : JSON.stringify(step.detail)],
  );
  return rows[0].id;
}

/**
 * Intents nobody closed: for each of the tenant's resource keys whose newest journal row is an
 * `intent`. A later `done` or `failed` for the same key, from any run, closes it.
 */
export async function listOpenIntents(db: Queryable, tenant: string): Promise<StepRecord[]> {
  const { rows } = await db.query<StepRecord>(
    `SELECT * FROM (
       SELECT DISTINCT ON (resource_key) id, deployment_id AS "deploymentId", tenant, resource_key AS key, action, phase, at, detail
         FROM deployment_steps WHERE tenant = $1
        ORDER BY resource_key, id DESC
     ) newest
     WHERE phase = 'intent' ORDER BY id`,
    [tenant],
  );
  return rows;
}

export async function listSteps(db: Queryable, deploymentId: string): Promise<StepRecord[]> {
  const { rows } = await db.query<StepRecord>(
    `SELECT id, deployment_id AS "deploymentId", tenant, resource_key AS key, action, phase, at, detail
       FROM deployment_steps WHERE deployment_id = $1 ORDER BY id`,
    [deploymentId],
  );
  return rows;
}

/**
 * The plan engine's Journal, backed by this deployment. `done` also records the resource's new
 * actual state (and its remote id, when the state has an `id`) in the same transaction, so the
 * journal and the resources table never disagree; a delete removes the resource row.
 */
export function createRegistryJournal(pool: Pool, deploymentId: string): Journal {
  const kinds = new Map<string, string>();
  return {
    async intent(tenant, key, action, kind) {
      if (kind) kinds.set(`${tenant}\0${key}`, kind);
      await journalIntent(pool, { deploymentId, tenant, key, action, detail: kind ? { kind } : undefined });
      stepCommitted(key);
    },
    async done(tenant, key, action, actual) {
      await inTransaction(pool, async (client) => {
        if (action === 'delete') {
          await deleteResource(client, tenant, key);
        } else {
          const kind = kinds.get(`${tenant}\0${key}`) ?? key.split('/')[0];
          await upsertResource(client, { tenant, key, kind, externalId: externalIdOf(actual), state: actual ?? {} });
        }
        await journalDone(client, { deploymentId, tenant, key, action, detail: externalIdOf(actual) ? { externalId: externalIdOf(actual) } : undefined });
      });
      stepCommitted(key);
    },
    async failed(tenant, key, action, error) {
      await journalFailed(pool, { deploymentId, tenant, key, action, detail: { error: error.message.slice(0, 2000) } });
      stepCommitted(key);
    },
  };
}

function externalIdOf(actual: unknown): string | undefined {
  if (actual && typeof actual === 'object') {
    const { id, externalId } = actual as { id?: unknown; externalId?: unknown };
    if (typeof externalId === 'string') return externalId;
    if (typeof id === 'string') return id;
  }
  return undefined;
}
