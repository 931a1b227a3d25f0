// A deployment is `running` exactly while its run lives. The run holds a session advisory lock
// keyed by the deployment's id from before the row exists until it is finished, on one registry
// connection per process; PostgreSQL drops the lock with the session when the process dies
// (SIGKILL, a cancelled runner). So a `running` row whose lock nobody holds was left by a dead
// run: the next run of the tenant marks it `abandoned`, and `tenantops status` says so.
//
// The tenant lock cannot tell this alone: a live run starts its deployment before it queues for
// the tenant's lock, so "I hold the tenant lock" does not mean "every other running row is dead".

import { randomUUID } from 'node:crypto';
import { advisoryKey, type Pool, type PoolClient, type Queryable } from '../pg/index.ts';
import { finishDeployment, startDeployment, type DeploymentInput, type DeploymentStatus } from './journal.ts';
import { findHolder } from './locks.ts';

export const DEPLOYMENT_LOCK_NAMESPACE = 'tenantops.deployment';

export interface LiveDeployment {
  id: string;
  /** Records how it ended and lets go of its liveness lock. */
  finish(status: Exclude<DeploymentStatus, 'running' | 'abandoned'>): Promise<void>;
}

export interface AbandonedDeployment {
  id: string;
  actor: string;
  startedAt: Date;
  githubRunUrl: string | null;
}

// One session per pool holds every live deployment's lock of this process: a fleet apply of a
// hundred tenants must not take a hundred registry connections for it.
interface LivenessSession {
  client: Promise<PoolClient>;
  held: number;
}
const sessions = new WeakMap<Pool, LivenessSession>();

/** Starts a deployment that stays `running` only while this process lives. */
export async function startLiveDeployment(pool: Pool, input: DeploymentInput): Promise<LiveDeployment> {
  let session = sessions.get(pool);
  if (!session) sessions.set(pool, (session = { client: pool.connect(), held: 0 }));
  session.held++;
  const id = input.id ?? randomUUID();
  const key = advisoryKey(DEPLOYMENT_LOCK_NAMESPACE, id);
  const letGo = async (broken?: Error) => {
    const s = session!;
    const client = await s.client;
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((e: Error) => (broken ??= e));
    if (--s.held === 0) {
      sessions.delete(pool);
      client.release(broken);
    }
  };
  try {
    const client = await session.client.catch((err: unknown) => {
      sessions.delete(pool);
      throw err;
    });
    // Before the row exists: nobody can ever see this deployment running without its lock.
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    await startDeployment(pool, { ...input, id });
  } catch (err) {
    if (sessions.get(pool) === session) await letGo(err as Error).catch(() => undefined);
    throw err;
  }
  let finished = false;
  return {
    id,
    async finish(status) {
      if (finished) return;
      finished = true;
      try {
        await finishDeployment(pool, id, status);
      } finally {
        await letGo();
      }
    },
  };
}

/** The tenant's `running` deployments whose run is gone (no session holds their lock). */
export async function findDeadDeployments(db: Queryable, tenant: string): Promise<AbandonedDeployment[]> {
  const { rows } = await db.query<AbandonedDeployment>(
    `SELECT id, actor, started_at AS "startedAt", github_run_url AS "githubRunUrl"
       FROM deployments WHERE tenant = $1 AND status = 'running' ORDER BY started_at`,
    [tenant],
  );
  const dead: AbandonedDeployment[] = [];
  for (const row of rows) if (!(await findHolder(db, advisoryKey(DEPLOYMENT_LOCK_NAMESPACE, row.id)))) dead.push(row);
  return dead;
}

/** Marks the tenant's dead `running` deployments `abandoned`; returns them. */
export async function abandonDeadDeployments(db: Queryable, tenant: string): Promise<AbandonedDeployment[]> {
  const dead = await findDeadDeployments(db, tenant);
  if (!dead.length) return [];
  await db.query(
    `UPDATE deployments SET status = 'abandoned', finished_at = clock_timestamp() WHERE id = ANY($1::uuid[]) AND status = 'running'`,
    [dead.map((d) => d.id)],
  );
  return dead;
}

/** The tenant's deployments that were abandoned, newest first, with those about to be (dead but not yet marked). */
export async function listAbandonedDeployments(db: Queryable, tenant: string, limit = 5): Promise<AbandonedDeployment[]> {
  const { rows } = await db.query<AbandonedDeployment>(
    `SELECT id, actor, started_at AS "startedAt", github_run_url AS "githubRunUrl"
       FROM deployments WHERE tenant = $1 AND status = 'abandoned' ORDER BY started_at DESC LIMIT $2`,
    [tenant, limit],
  );
  const pending = await findDeadDeployments(db, tenant);
  return [...pending.reverse(), ...rows].slice(0, limit);
}

/** One line for a log or `status`: what happened and what to do. */
export function describeAbandoned(tenant: string, d: AbandonedDeployment): string {
  const where = d.githubRunUrl ? ` (${d.githubRunUrl})` : '';
  return `tenant ${tenant}: deployment ${d.id}, started ${new Date(d.startedAt).toISOString()} by ${d.actor}${where}, was abandoned: its run died before finishing. Its journal is kept; the next apply re-reads what exists and completes it`;
}
