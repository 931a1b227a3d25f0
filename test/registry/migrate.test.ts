import { readdirSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { MIGRATIONS_TABLE, migrateRegistry, openRegistry, REGISTRY_MIGRATIONS_DIR } from '../../src/registry/index.ts';
import type { Pool } from '../../src/registry/index.ts';
import { createTestDatabase } from '../support/pg.ts';
import type { TestDatabase } from '../support/pg.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function freshPool(): Promise<{ pool: Pool; db: TestDatabase }> {
  const db = await createTestDatabase('mig');
  const pool = openRegistry(db.url, createMemoryLogger());
  cleanups.push(() => db.drop(), () => pool.end());
  return { pool, db };
}

async function copyMigrations(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tenantops-registry-migrations-'));
  await fsp.cp(REGISTRY_MIGRATIONS_DIR, dir, { recursive: true });
  cleanups.push(() => fsp.rm(dir, { recursive: true, force: true }));
  return dir;
}

// What the repository ships (other work adds migrations): the tests' own files come after them.
const shipped = readdirSync(REGISTRY_MIGRATIONS_DIR).filter((n) => n.endsWith('.sql')).sort();
const newest = shipped.at(-1)!.slice(0, 4);

const tables = (pool: Pool) =>
  pool
    .query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)
    .then((r) => r.rows.map((x) => x.table_name));

describe('migrateRegistry', () => {
  it('applies every migration once, then is a no-op', async () => {
    const { pool } = await freshPool();
    const first = await migrateRegistry(pool);
    expect(first.applied).toEqual(shipped);
    expect(await tables(pool)).toEqual(
      expect.arrayContaining(['audit_log', 'data_stores', 'deployment_steps', 'deployments', 'report_mappings', 'resources', 'secrets', 'tenant_modules', 'tenantops_registry_migrations', 'tenants', 'users']),
    );
    const second = await migrateRegistry(pool);
    expect(second).toEqual({ applied: [], version: newest });
    const { rows } = await pool.query(`SELECT version, name, length(checksum) AS len FROM ${MIGRATIONS_TABLE} ORDER BY version`);
    expect(rows).toEqual(shipped.map((name) => ({ version: name.slice(0, 4), name, len: 64 })));
  });

  it('refuses an applied migration that was edited, naming the file, and applies nothing', async () => {
    const { pool } = await freshPool();
    const dir = await copyMigrations();
    await migrateRegistry(pool, { dir });
    await fsp.appendFile(path.join(dir, '0001_init.sql'), '\n-- a harmless-looking edit\n');
    await fsp.writeFile(path.join(dir, '9998_more.sql'), 'CREATE TABLE should_not_exist (id int);\n');
    const err = await migrateRegistry(pool, { dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).findings).toHaveLength(1);
    expect((err as ConfigurationError).findings[0].file).toMatch(/0001_init\.sql$/);
    expect((err as Error).message).toMatch(/0001_init\.sql was edited after it was applied/);
    expect(await tables(pool)).not.toContain('should_not_exist');
  });

  it('does not mistake CRLF line endings for an edit', async () => {
    const { pool } = await freshPool();
    const dir = await copyMigrations();
    await migrateRegistry(pool, { dir });
    const file = path.join(dir, '0001_init.sql');
    await fsp.writeFile(file, (await fsp.readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
    expect(await migrateRegistry(pool, { dir })).toEqual({ applied: [], version: newest });
  });

  it('rolls a failing migration back entirely and names it', async () => {
    const { pool } = await freshPool();
    const dir = await copyMigrations();
    await fsp.writeFile(path.join(dir, '9998_broken.sql'), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(migrateRegistry(pool, { dir })).rejects.toThrow(/9998_broken\.sql failed and was rolled back: .*no_such_function.*SQLSTATE 42883/);
    expect(await tables(pool)).toContain('tenants'); // the shipped ones committed on their own
    expect(await tables(pool)).not.toContain('half_done');
    const { rows } = await pool.query(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`);
    expect(rows).toEqual(shipped.map((name) => ({ version: name.slice(0, 4) })));
  });

  it('lets two concurrent runs apply each migration exactly once', async () => {
    const { pool, db } = await freshPool();
    const other = openRegistry(db.url, createMemoryLogger());
    cleanups.push(() => other.end());
    const [a, b] = await Promise.all([migrateRegistry(pool), migrateRegistry(other)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(shipped);
  });
});
