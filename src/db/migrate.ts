// The tenant migration runner (hand-written rather than postgrator, node-pg-migrate or umzug: see
// docs/ or the closing note; in short, none of them runs each file as the tenant's owner with its
// search_path pinned, per-tenant locks and a SHA-256 checksum, without wrapping most of it anyway).
//
// Per tenant: an advisory lock in the tenant's own database serialises concurrent runs (an apply
// and a fan-out, two workflow runs); under it the applied rows are read again and checked against
// the files; each pending file then runs in one transaction with its tracking row, as the owner,
// with search_path pinned to the tenant's schema: a run killed half-way leaves a migration applied
// and recorded, or neither.
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { advisoryKey } from '../registry/index.ts';
import { MIGRATIONS_TABLE, pendingMigrations, type AppliedMigration, type TenantMigration } from './migration-files.ts';
import { executeTransaction, ident, literal, qualified } from './sql.ts';
import type { DbTarget } from './target.ts';

export const MIGRATION_LOCK_NAMESPACE = 'tenantops.tenant-migrations';

/** The migrations the tenant has applied; undefined when its store (or the tracking table) is missing. */
export async function readAppliedMigrations(target: DbTarget): Promise<AppliedMigration[] | undefined> {
  const pool = await target.data();
  if (!pool) return undefined;
  const table = qualified(target.spec.schema, MIGRATIONS_TABLE);
  const { rows: exists } = await pool.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [table]);
  if (!exists[0].found) return undefined;
  const { rows } = await pool.query<AppliedMigration>(`SELECT version, name, checksum FROM ${table} ORDER BY version`);
  return rows;
}

/** Applies the tenant's pending migrations; returns the names applied by this call, in order. */
export async function migrateTenant(target: DbTarget, files: readonly TenantMigration[], log: Logger): Promise<string[]> {
  const { spec } = target;
  const pool = await target.data();
  const notProvisioned = () =>
    new EnvironmentError(`tenant ${spec.tenant} has no data store yet (no ${spec.schema}.${MIGRATIONS_TABLE}); provision it first: tenantops apply --tenant ${spec.tenant} --only db`);
  if (!pool) throw notProvisioned();
  const key = advisoryKey(MIGRATION_LOCK_NAMESPACE, spec.tenant);
  const client = await pool.connect();
  let broken: Error | undefined;
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    try {
      // Read again under the lock: whoever held it may have applied some of them.
      const rows = await readAppliedMigrations({ ...target, data: async () => client as never });
      if (!rows) throw notProvisioned();
      const pending = pendingMigrations(spec.tenant, files, rows);
      const table = qualified(spec.schema, MIGRATIONS_TABLE);
      for (const m of pending) {
        const statements: string[] = [];
        if (target.currentUser !== target.roles.owner) statements.push(`SET LOCAL ROLE ${ident(target.roles.owner)}`);
        statements.push(`SET LOCAL search_path TO ${ident(spec.schema)}`);
        // What the migrations may read to learn which tenant they build (the tenant_marker default).
        statements.push(`SET LOCAL tenantops.tenant TO ${literal(spec.tenant)}`);
        statements.push(m.sql);
        if (spec.isolation === 'byod') {
          // A customer's role keeps its own global defaults (PUBLIC may execute its new
          // functions), which are not ours to change: PUBLIC loses what the migration created
          // instead. Our own owners' defaults already grant PUBLIC nothing.
          const schema = ident(spec.schema);
          statements.push(...['TABLES', 'SEQUENCES', 'FUNCTIONS'].map((k) => `REVOKE ALL ON ALL ${k} IN SCHEMA ${schema} FROM PUBLIC`));
        }
        // now() is the transaction's start: the duration is the migration's own.
        statements.push(
          `INSERT INTO ${table} (version, name, checksum, duration_ms) VALUES (${literal(m.version)}, ${literal(m.name)}, ${literal(m.checksum)}, ` +
            `(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer)`,
        );
        try {
          await executeTransaction(client, statements);
        } catch (err) {
          broken = (err as { client?: Error }).client;
          const e = err as { message?: string; code?: string };
          throw new EnvironmentError(
            `tenant ${spec.tenant}: migration ${m.file} failed and was rolled back: ${e.message ?? String(err)}${e.code ? ` (SQLSTATE ${e.code})` : ''}`,
          );
        }
        applied.push(m.name);
        log.info(`tenant ${spec.tenant}: applied migration ${m.name}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((e: Error) => (broken ??= e));
    }
  } finally {
    client.release(broken);
  }
  return applied;
}
