// End to end: a model bound to a real PostgreSQL database loads its rows on refresh with the
// credentials set on its datasource, answers executeQueries from them, and PostgreSQL's own
// server log shows which role read them.

import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestDatabase, type TestPostgres } from '../support/postgres.ts';
import { seedTenant, startSandbox, type Sandbox } from '../support/powerbi-sandbox.ts';

const TABLES: Record<string, string> = {
  learners: 'learner_id int, first_name text, last_name text, uln text, tenant_marker text',
  apprenticeships: 'apprenticeship_id int, learner_id int, standard_code text, start_date date, planned_end_date date, status text, tenant_marker text',
  enrolments: 'enrolment_id int, learner_id int, course_code text, enrolled_on date, tenant_marker text',
  assessments: 'assessment_id int, learner_id int, subject text, level text, score numeric, assessed_on date, tenant_marker text',
  crm_contacts: 'contact_id int, employer_name text, email text, owner text, tenant_marker text',
};

interface TenantDb { db: TestDatabase; role: string; password: string; port: string }

/** A database with two tenants' schemas; `role` may read only `tenant_acme`. */
async function createTenantDatabase(): Promise<TenantDb> {
  const db = await postgres.createDatabase('pbi');
  const role = `acme_bi_${randomBytes(3).toString('hex')}`;
  const password = `synthetic-${randomBytes(6).toString('hex')}`;
  await postgres.asAdmin((c) => c.query(`CREATE ROLE ${c.escapeIdentifier(role)} LOGIN PASSWORD '${password}'`));
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const [schema, marker, rows] of [['tenant_acme', 'acme-training', 3], ['tenant_beta', 'beta-corp', 2]] as const) {
      await client.query(`CREATE SCHEMA ${schema}`);
      for (const [table, columns] of Object.entries(TABLES)) {
        await client.query(`CREATE TABLE ${schema}.${table} (${columns})`);
        const first = columns.split(' ')[0];
        await client.query(`INSERT INTO ${schema}.${table} (${first}, tenant_marker) SELECT g, $1 FROM generate_series(1, ${rows}) g`, [marker]);
      }
    }
    await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(db.name)} TO ${client.escapeIdentifier(role)}`);
    await client.query(`GRANT USAGE ON SCHEMA tenant_acme TO ${client.escapeIdentifier(role)}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA tenant_acme TO ${client.escapeIdentifier(role)}`);
  } finally {
    await client.end();
  }
  return { db, role, password, port: new URL(db.url).port };
}

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(() => postgres?.stop());

let sb: Sandbox | undefined;
let tenantDb: TenantDb | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
  if (tenantDb) {
    await tenantDb.db.drop();
    await postgres.asAdmin((c) => c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(tenantDb!.role)}`));
    tenantDb = undefined;
  }
});

async function setCredentials(s: Sandbox, workspaceId: string, modelId: string, username: string, password: string, profileId?: string) {
  const ds = (await s.pbi('GET', `/v1.0/myorg/groups/${workspaceId}/datasets/${modelId}/datasources`, { profileId })).json.value[0];
  const credentials = JSON.stringify({ credentialData: [{ name: 'username', value: username }, { name: 'password', value: password }] });
  const reply = await s.pbi('PATCH', `/v1.0/myorg/gateways/${ds.gatewayId}/datasources/${ds.datasourceId}`, {
    profileId, body: { credentialDetails: { credentialType: 'Basic', credentials, encryptedConnection: 'Encrypted', encryptionAlgorithm: 'None', privacyLevel: 'Organizational' } },
  });
  expect(reply.status).toBe(200);
}

async function refresh(s: Sandbox, base: string, profileId?: string) {
  expect((await s.pbi('POST', `${base}/refreshes`, { profileId })).status).toBe(202);
  await s.powerbi.settleRefreshes();
  return (await s.pbi('GET', `${base}/refreshes?$top=1`, { profileId })).json.value[0];
}

async function query(s: Sandbox, base: string, dax: string, profileId?: string) {
  return s.pbi('POST', `${base}/executeQueries`, { profileId, body: { queries: [{ query: dax }], serializerSettings: { includeNulls: true } } });
}

describe('Power BI semantic models load real data', () => {
  it('refreshes from the database its parameters name, as the role whose credentials were set, and answers executeQueries', async () => {
    const tdb = (tenantDb = await createTenantDatabase());
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme', { host: '127.0.0.1', port: tdb.port, database: tdb.db.name, schema: 'tenant_acme' });
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    expect((await sb.pbi('POST', `${base}/Default.TakeOver`, { profileId: t.profileId })).status).toBe(200);
    await setCredentials(sb, t.workspace.id, t.model.id, tdb.role, tdb.password, t.profileId);

    const logFile = postgres.server.logFile;
    const logStart = statSync(logFile).size;
    const done = await refresh(sb, base, t.profileId);
    expect(done).toMatchObject({ status: 'Completed', refreshType: 'ViaApi' });

    const markers = await query(sb, base, "EVALUATE VALUES('learners'[tenant_marker])", t.profileId);
    expect(markers.status).toBe(200);
    expect(markers.json).toEqual({ results: [{ tables: [{ rows: [{ 'learners[tenant_marker]': 'acme-training' }] }] }] });
    for (const table of Object.keys(TABLES)) {
      const count = await query(sb, base, `EVALUATE ROW("n", COUNTROWS('${table}'))`, t.profileId);
      expect(count.json.results[0].tables[0].rows, table).toEqual([{ '[n]': 3 }]);
    }
    const other = await query(sb, base, "EVALUATE VALUES('learners'[first_name])", t.profileId);
    expect(other.status).toBe(400);
    expect(other.json.error.code).toBe('DatasetExecuteQueriesError');
    expect(JSON.stringify(other.json)).toContain('only marker columns');

    // PostgreSQL's own log: every statement of the refresh ran as the role, in this database.
    const log = readFileSync(logFile).subarray(logStart).toString('utf8').split('\n').filter((l) => l.includes(`@${tdb.db.name} `));
    const reads = log.filter((l) => /statement: SELECT count\(\*\)/.test(l));
    expect(reads).toHaveLength(5);
    for (const line of reads) expect(line).toContain(` ${tdb.role}@${tdb.db.name} `);
    expect(reads.some((l) => l.includes('"tenant_acme"."learners"'))).toBe(true);
    expect(log.filter((l) => l.includes('tenant_beta'))).toEqual([]);
  });

  it('fails the refresh the way the service reports it: wrong password, database, schema or host', async () => {
    const tdb = (tenantDb = await createTenantDatabase());
    sb = await startSandbox();
    const t = seedTenant(sb, 'acme', { host: '127.0.0.1', port: tdb.port, database: tdb.db.name, schema: 'tenant_acme' });
    const base = `/v1.0/myorg/groups/${t.workspace.id}/datasets/${t.model.id}`;
    const failure = (r: { status: string; serviceExceptionJson?: string }) => (r.status === 'Failed' ? JSON.parse(r.serviceExceptionJson!).errorCode : r.status);

    await setCredentials(sb, t.workspace.id, t.model.id, tdb.role, 'wrong-password');
    expect(failure(await refresh(sb, base))).toBe('DM_GWPipeline_Gateway_InvalidConnectionCredentials');

    await setCredentials(sb, t.workspace.id, t.model.id, tdb.role, tdb.password);
    expect(failure(await refresh(sb, base))).toBe('Completed');

    const update = (name: string, newValue: string) => sb!.pbi('POST', `${base}/Default.UpdateParameters`, { body: { updateDetails: [{ name, newValue }] } });
    expect((await update('Schema', 'tenant_beta')).status).toBe(200);
    expect(failure(await refresh(sb, base))).toBe('DM_GWPipeline_Gateway_DataSourceAccessError'); // no grant on tenant_beta
    expect((await update('Schema', 'tenant_gamma')).status).toBe(200);
    expect(failure(await refresh(sb, base))).toBe('DM_GWPipeline_Gateway_MashupDataAccessError');
    expect((await update('Schema', 'tenant_acme')).status).toBe(200);

    // Another database is another datasource: it has no credentials until they are set again.
    expect((await update('Database', `${tdb.db.name}_missing`)).status).toBe(200);
    expect(failure(await refresh(sb, base))).toBe('ModelRefreshFailed_CredentialsNotSpecified');
    await setCredentials(sb, t.workspace.id, t.model.id, tdb.role, tdb.password);
    expect(failure(await refresh(sb, base))).toBe('DM_GWPipeline_Gateway_DataSourceAccessError');

    expect((await update('Database', tdb.db.name)).status).toBe(200);
    expect((await update('Port', '1')).status).toBe(200);
    await setCredentials(sb, t.workspace.id, t.model.id, tdb.role, tdb.password);
    expect(failure(await refresh(sb, base))).toBe('DM_GWPipeline_Gateway_DataSourceAccessError');

    // Failed refreshes keep the data of the last good one.
    const count = await query(sb, base, "EVALUATE ROW(\"n\", COUNTROWS('crm_contacts'))");
    expect(count.json.results[0].tables[0].rows).toEqual([{ '[n]': 3 }]);
  });
});
