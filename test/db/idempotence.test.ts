// Done when: a second apply of an unchanged tenant executes no DDL and no grants, asserted from
// the server's own record. log_statement = all is set on the roles tenantops connects as (its
// cluster admin and the byod customers' roles), and the server log is read from where it was.
import { readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { serverLogFile, withAdmin } from '../support/pg.ts';
import { createDbWorld, type DbWorld } from '../support/db-world.ts';

let world: DbWorld;
let tenants: TenantConfig[];
let roles: string[];

beforeAll(async () => {
  world = await createDbWorld();
  const withRoles = await world.customer('cust_i', { createRole: true });
  const ownRoles = await world.customer('cust_j');
  const bi = await world.customerRole('cust_j_bi');
  Object.assign(world.env, { CUST_I_URL: withRoles.url, CUST_J_URL: ownRoles.url, CUST_J_BI_URL: bi.url });
  tenants = [
    world.tenant('s', { isolation: 'schema', cluster: 'main' }),
    world.tenant('d', { isolation: 'database', cluster: 'main' }),
    world.tenant('b', { isolation: 'byod', connectionSecret: 'CUST_I_URL' }),
    world.tenant('e', { isolation: 'byod', connectionSecret: 'CUST_J_URL', biConnectionSecret: 'CUST_J_BI_URL' }),
  ];
  roles = [world.admin.role, withRoles.role, ownRoles.role];
  await withAdmin(async (c) => {
    for (const r of roles) await c.query(`ALTER ROLE ${c.escapeIdentifier(r)} SET log_statement = 'all'`);
  });
}, 60_000);

afterAll(async () => {
  await world?.cleanup();
});

/** Statements the server logged for `roles` since `offset` (simple and extended protocol alike). */
async function loggedSince(offset: number): Promise<{ role: string; sql: string }[]> {
  const text = (await readFile(serverLogFile(), 'utf8')).slice(offset);
  const out: { role: string; sql: string }[] = [];
  const entry = /^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] (\S+)@\S+ LOG:  (?:statement|execute [^:]*): (.*)$/;
  let current: { role: string; sql: string } | undefined;
  for (const line of text.split('\n')) {
    const m = entry.exec(line);
    if (m) {
      current = { role: m[1], sql: m[2] };
      if (roles.includes(current.role)) out.push(current);
    } else if (/^\d{4}-\d\d-\d\d /.test(line)) current = undefined;
    else if (current && line.startsWith('\t')) current.sql += `\n${line.slice(1)}`;
  }
  return out;
}

const WRITES = /^\s*(CREATE|ALTER|DROP|GRANT|REVOKE|COMMENT|REASSIGN|SECURITY|TRUNCATE|INSERT|UPDATE|DELETE|SET\s+(LOCAL\s+)?ROLE|BEGIN|COMMIT)\b/i;

describe('a second apply of unchanged tenants', () => {
  it('sends the server only reads; the first apply (the control) sent the DDL and grants', async () => {
    const before = (await stat(serverLogFile())).size;
    const first = await world.apply(tenants);
    expect(first.tenants.every((t) => t.failed.length === 0)).toBe(true);
    const middle = (await stat(serverLogFile())).size;
    const second = await world.apply(tenants);
    expect(second.tenants.map((t) => t.applied)).toEqual(tenants.map(() => []));

    // Transactions go as one query (BEGIN; ...; COMMIT), so look for the statements inside them.
    const firstRun = (await loggedSince(before)).map((s) => s.sql).join('\n');
    for (const kind of ['CREATE ROLE', 'CREATE SCHEMA', 'CREATE DATABASE', 'GRANT USAGE ON SCHEMA', 'ALTER DEFAULT PRIVILEGES', 'CREATE TABLE', 'GRANT CONNECT']) {
      expect(firstRun).toMatch(new RegExp(`^${kind}\\b`, 'm'));
    }

    const secondRun = (await loggedSince(middle)).filter((s) => s.sql.length > 0);
    expect(secondRun.length).toBeGreaterThan(0);
    expect(secondRun.filter((s) => WRITES.test(s.sql)).map((s) => `${s.role}: ${s.sql.slice(0, 80)}`)).toEqual([]);
  });
});
