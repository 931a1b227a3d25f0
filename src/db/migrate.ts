// A tenant's migrations, run by pg's migration runner in the tenant's own database: under an
// advisory lock per tenant (an apply and a fan-out, two workflow runs), each file as the tenant's
// owner role with search_path pinned to its schema, recorded with its checksum in the same
// transaction.
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { ident, literal, qualified, readAppliedMigrations as readRows, runMigrations, type AppliedMigration } from '../pg/index.ts';
import { MIGRATIONS_TABLE, type TenantMigration } from './migration-files.ts';
import { TENANT_WRITES } from './sql.ts';
import type { DbTarget } from './types.ts';

export const MIGRATION_LOCK_NAMESPACE = 'tenantops.tenant-migrations';

/** The migrations the tenant has applied; undefined when its store (or the tracking table) is missing. */
export async function readAppliedMigrations(target: DbTarget): Promise<AppliedMigration[] | undefined> {
  const pool = await target.data();
  return pool && readRows(pool, qualified(target.spec.schema, MIGRATIONS_TABLE));
}

/** Applies the tenant's pending migrations; returns the names applied by this call, in order. */
export async function migrateTenant(target: DbTarget, files: readonly TenantMigration[], log: Logger): Promise<string[]> {
  const { spec } = target;
  const notProvisioned = () =>
    new EnvironmentError(`tenant ${spec.tenant} has no data store yet (no ${spec.schema}.${MIGRATIONS_TABLE}); provision it first: tenantops apply --tenant ${spec.tenant} --only db`);
  const pool = await target.data();
  if (!pool) throw notProvisioned();
  const before: string[] = [];
  if (target.currentUser !== target.roles.owner) before.push(`SET LOCAL ROLE ${ident(target.roles.owner)}`);
  before.push(`SET LOCAL search_path TO ${ident(spec.schema)}`);
  // What the migrations may read to learn which tenant they build (the tenant_marker default).
  before.push(`SET LOCAL tenantops.tenant TO ${literal(spec.tenant)}`);
  const schema = ident(spec.schema);
  // A customer's owner role keeps its own global defaults (PUBLIC may execute its new functions),
  // which are not ours to change: PUBLIC loses what each migration created instead. Our own
  // owners' defaults already grant PUBLIC nothing (see grants.ts).
  const after = spec.managed.owner ? [] : ['TABLES', 'SEQUENCES', 'FUNCTIONS'].map((k) => `REVOKE ALL ON ALL ${k} IN SCHEMA ${schema} FROM PUBLIC`);
  const applied = await runMigrations(pool, {
    subject: `tenant ${spec.tenant}`,
    files,
    table: qualified(spec.schema, MIGRATIONS_TABLE),
    lock: { namespace: MIGRATION_LOCK_NAMESPACE, name: spec.tenant },
    missingTable: notProvisioned,
    before,
    after,
    send: TENANT_WRITES.send,
    log,
  });
  return applied.map((m) => m.name);
}
