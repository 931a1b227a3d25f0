// A migrated registry in a fresh database of the worker's test cluster, for the registry tests.

import { afterAll, beforeAll } from 'vitest';
import { createMemoryLogger } from '../../src/log/index.ts';
import { migrateRegistry, openRegistry, upsertTenant } from '../../src/registry/index.ts';
import type { Pool } from '../../src/registry/index.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

export interface TestRegistry {
  pool: Pool;
  url: string;
}

/**
 * For the enclosing file or suite: a registry holding a row for each of `tenants` (to hang other
 * rows on), made before its tests and dropped after them. Read it once the tests run.
 */
export function useTestRegistry(tenants: string[] = []): Readonly<TestRegistry> {
  let db: TestDatabase | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    db = await createTestDatabase('reg');
    pool = openRegistry(db.url, createMemoryLogger());
    await migrateRegistry(pool);
    for (const code of tenants) await upsertTenant(pool, { code, name: `Tenant ${code}`, subdomain: code, isolation: 'schema', cluster: 'main' });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  return {
    get pool() {
      return pool!;
    },
    get url() {
      return db!.url;
    },
  };
}
