// A migrated registry in a fresh database of the worker's test cluster.

import { createMemoryLogger } from '../../src/log/index.ts';
import { migrateRegistry, openRegistry, upsertTenant } from '../../src/registry/index.ts';
import type { Pool } from '../../src/registry/index.ts';
import { createTestDatabase } from './pg.ts';

export interface TestRegistry {
  pool: Pool;
  url: string;
  close(): Promise<void>;
}

export async function createTestRegistry(): Promise<TestRegistry> {
  const db = await createTestDatabase('reg');
  const pool = openRegistry(db.url, createMemoryLogger());
  await migrateRegistry(pool);
  return {
    pool,
    url: db.url,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}

/** A tenant row to hang other rows on. */
export function addTenant(pool: Pool, code: string) {
  return upsertTenant(pool, { code, name: `Tenant ${code}`, subdomain: code, isolation: 'schema', cluster: 'main' });
}
