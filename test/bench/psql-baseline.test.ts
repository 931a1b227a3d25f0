// The psql baseline replays our run's tenant SQL over k parallel psql processes: each tenant's
// statements in one stream, in the order our run sent them, and the database-ACL transactions
// under one lock as our run takes them. A transaction naming several tenants (concurrent tenants'
// CONNECT grants, sent together) must not land whole in one tenant's stream, where it would run
// before another stream had created the other tenants' roles.
import { describe, expect, it } from 'vitest';
import { recordSql, splitScripts } from '../../bench/support/psql-baseline.ts';
import { benchTenantOf } from '../../bench/scenarios/provision-200-tenants.ts';
import { execute } from '../../src/db/sql.ts';
import type { Queryable } from '../../src/pg/index.ts';

const db = { query: async () => ({ rows: [], rowCount: 0 }) } as unknown as Queryable;
const grant = (n: string) => `GRANT CONNECT ON DATABASE "bench_shared" TO "tenant_bench_${n}_app"`;

describe('the psql baseline', () => {
  it('deals tenants to k streams in recorded order, splits a transaction of several tenants, and locks ACL changes', async () => {
    const recorded = await recordSql(async () => {
      await execute(db, 'CREATE EXTENSION IF NOT EXISTS pgcrypto');
      for (const n of ['0000', '0001', '0002']) await execute(db, `CREATE ROLE "tenant_bench_${n}_app"`);
      await execute(db, ['BEGIN', grant('0000'), grant('0001'), grant('0002'), 'COMMIT'].join('\n;\n'));
      await execute(db, `CREATE SCHEMA "tenant_bench_0001"`);
    }, benchTenantOf);
    const { prelude, streams } = splitScripts(recorded, 2);
    expect(prelude).toBe('CREATE EXTENSION IF NOT EXISTS pgcrypto;\n');
    expect(streams).toHaveLength(2);
    // 0000 and 0002 in stream 0, 0001 in stream 1: each grant after its own role, nothing of another tenant's.
    const lock = 'BEGIN;\nSELECT pg_advisory_xact_lock(7243)\n;\n';
    expect(streams[0]).toBe(
      `CREATE ROLE "tenant_bench_0000_app";\nCREATE ROLE "tenant_bench_0002_app";\n${lock}${grant('0000')}\n;\nCOMMIT;\n${lock}${grant('0002')}\n;\nCOMMIT;\n`,
    );
    expect(streams[1]).toBe(`CREATE ROLE "tenant_bench_0001_app";\n${lock}${grant('0001')}\n;\nCOMMIT;\nCREATE SCHEMA "tenant_bench_0001";\n`);
  });
});
