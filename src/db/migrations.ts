// The tenant's data model as a plan resource: which migrations it has, which it should have. Its
// read checks the applied ones against the files, so an edited migration fails the plan itself.
import type { Change, Resource } from '../plan/index.ts';
import { diffFields } from '../plan/index.ts';
import { pendingMigrations } from '../pg/index.ts';
import { migrateTenant, readAppliedMigrations } from './migrate.ts';
import { migrationId, type TenantMigration } from './migration-files.ts';
import { defineDbResource } from './resource.ts';
import { dropsData } from './spec.ts';
import type { DbSpec, DbTarget } from './types.ts';

export interface MigrationsState {
  /** `name#checksum-prefix` of every migration applied, in order. */
  applied: string[];
}

export function migrationsResource(spec: DbSpec, files: readonly TenantMigration[]): Resource {
  const desired: MigrationsState | undefined = dropsData(spec) ? undefined : { applied: files.map(migrationId) };
  return defineDbResource<MigrationsState, MigrationsState>({
    key: 'db/migrations',
    kind: 'db.migrations',
    // After the grants: the tables they create get their privileges from the default ones.
    dependsOn: ['db/grants'],
    spec,
    desired,
    diff: (d, a): Change | undefined => {
      const change = diffFields<MigrationsState>(d, a);
      if (!change) return undefined;
      if (change.action === 'delete') return { ...change, summary: 'forget the applied migrations (they go with the store)' };
      const have = new Set(a?.applied ?? []);
      const pending = (d?.applied ?? []).filter((id) => !have.has(id)).map((id) => id.slice(0, id.indexOf('#')));
      return { ...change, summary: `apply ${pending.length} migration(s): ${pending.join(', ')}` };
    },
    read: (target) => readMigrations(target, files),
    async apply(target, change, _actual, ctx) {
      if (change.action === 'delete') return undefined;
      await migrateTenant(target, files, ctx.log);
      return desired;
    },
  });
}

async function readMigrations(target: DbTarget, files: readonly TenantMigration[]): Promise<MigrationsState | undefined> {
  const rows = await readAppliedMigrations(target);
  if (!rows) return undefined;
  // Throws, naming the file, when an applied migration was edited or removed.
  pendingMigrations(`tenant ${target.spec.tenant}`, files, rows);
  const byVersion = new Map(files.map((f) => [f.version, f]));
  return { applied: rows.map((r) => migrationId(byVersion.get(r.version)!)) };
}
