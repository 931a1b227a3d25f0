// db/grants on its own, fast enough to run for every mutant of src/db/grants.ts (npm run mutation
// -- --grants): the privileges a fresh apply gives, read back from the catalog object by object,
// and drift of every kind (missing and extra grants on the database, the schema, tables,
// sequences, functions, default privileges, a foreign owner) named in the plan and repaired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/index.ts';
import { advisoryKey } from '../../src/pg/index.ts';
import { applyTenants, planOnline } from '../../src/run/index.ts';
import { createDbWorld, type DbWorld } from '../support/db-world.ts';
import { superQuery, withClient } from '../support/pg.ts';

let world: DbWorld;
let schemaTenant: TenantConfig;
let databaseTenant: TenantConfig;
// byod with the customer's own BI role: tenantops' app role is the customer's login, which owns the schema.
let byodTenant: TenantConfig;
let customer: { role: string; database: string; url: string };
let customerBi: string;

beforeAll(async () => {
  world = await createDbWorld();
  schemaTenant = world.tenant('gs', { isolation: 'schema', cluster: 'main' });
  databaseTenant = world.tenant('gd', { isolation: 'database', cluster: 'main' });
  customer = await world.customer('gcust');
  const bi = await world.customerRole('gcust_bi', customer.database);
  customerBi = bi.role;
  Object.assign(world.env, { GCUST_URL: customer.url, GCUST_BI_URL: bi.url });
  byodTenant = world.tenant('gb', { isolation: 'byod', connectionSecret: 'GCUST_URL', biConnectionSecret: 'GCUST_BI_URL' });
  await world.apply([schemaTenant, databaseTenant, byodTenant]);
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

const stem = (t: TenantConfig) => `tenant_${t.code.replaceAll('-', '_')}`;
const databaseOf = (t: TenantConfig) => (t.database.isolation === 'database' ? stem(t) : world.shared.name);

/**
 * Every privilege on the tenant's database (its roles'), schema and objects, and the owner's
 * default privileges, as `object: grantee PRIVILEGE` lines with the tenant's stem written `T`.
 */
async function privileges(t: TenantConfig): Promise<string[]> {
  const s = stem(t);
  const name = (role: string) => (role === '0' ? 'PUBLIC' : role.replace(s, 'T'));
  const { rows } = await superQuery(
    databaseOf(t),
    `SELECT 'database: ' || a.grantee::regrole::text || ' ' || a.privilege_type AS line
       FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = current_database() AND a.grantee NOT IN (0, d.datdba) AND a.grantee::regrole::text LIKE $2
     UNION ALL
     SELECT 'schema: ' || CASE WHEN a.grantee = 0 THEN '0' ELSE a.grantee::regrole::text END || ' ' || a.privilege_type
       FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE n.nspname = $1 AND a.grantee <> n.nspowner
     UNION ALL
     SELECT c.relkind::text || ' ' || c.relname || ' owned by ' || c.relowner::regrole::text || ': ' || CASE WHEN a.grantee = 0 THEN '0' ELSE a.grantee::regrole::text END || ' ' || a.privilege_type
       FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'S', 'v') AND a.grantee <> c.relowner
     UNION ALL
     SELECT 'function ' || p.proname || ' owned by ' || p.proowner::regrole::text || ': ' || CASE WHEN a.grantee = 0 THEN '0' ELSE a.grantee::regrole::text END || ' ' || a.privilege_type
       FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE p.pronamespace = $1::regnamespace AND a.grantee <> p.proowner
     UNION ALL
     SELECT 'default ' || d.defaclobjtype::text || CASE WHEN d.defaclnamespace = 0 THEN ' (all schemas)' ELSE '' END || ': ' || CASE WHEN a.grantee = 0 THEN '0' ELSE a.grantee::regrole::text END || ' ' || a.privilege_type
       FROM pg_default_acl d, aclexplode(d.defaclacl) a WHERE d.defaclrole = $3::regrole
     ORDER BY 1`,
    [s, `${s}\\_%`, `${s}_owner`],
  );
  return rows.map((r) => (r.line as string).replace(/ (\S+) (\S+)$/, (_, who: string, what: string) => ` ${name(who)} ${what}`).replaceAll(s, 'T'));
}

async function grantsChange(t: TenantConfig) {
  const services = world.services();
  try {
    const planned = await planOnline(world.inputs([t]), services, { only: ['db'] });
    return planned.tenants[0].changes.find((c) => c.key === 'db/grants');
  } finally {
    await services.close();
  }
}

const TABLES = ['apprenticeships', 'assessments', 'crm_contacts', 'enrolments', 'learners'];
const SEQUENCES = ['apprenticeships_apprenticeship_id_seq', 'assessments_assessment_id_seq', 'crm_contacts_contact_id_seq', 'enrolments_enrolment_id_seq', 'learners_learner_id_seq'];

describe.each(['schema', 'database'] as const)('db/grants, %s isolation', (isolation) => {
  const tenant = () => (isolation === 'schema' ? schemaTenant : databaseTenant);

  it('gives the app role read-write, the BI role read, PUBLIC nothing, on every object; the migration table is the owner’s', async () => {
    const got = await privileges(tenant());
    const expected = [
      'database: T_app CONNECT',
      'database: T_bi CONNECT',
      'schema: T_app USAGE',
      'schema: T_bi USAGE',
      ...TABLES.flatMap((t) => ['DELETE', 'INSERT', 'SELECT', 'UPDATE'].map((p) => `r ${t} owned by T_owner: T_app ${p}`).concat(`r ${t} owned by T_owner: T_bi SELECT`)),
      ...SEQUENCES.flatMap((q) => [`S ${q} owned by T_owner: T_app SELECT`, `S ${q} owned by T_owner: T_app USAGE`]),
      'function tenant_marker owned by T_owner: T_app EXECUTE',
      'function tenant_marker owned by T_owner: T_bi EXECUTE',
      'default S: T_app SELECT',
      'default S: T_app USAGE',
      'default f: T_app EXECUTE',
      'default f: T_bi EXECUTE',
      'default f (all schemas): T_owner EXECUTE',
      'default r: T_app DELETE',
      'default r: T_app INSERT',
      'default r: T_app SELECT',
      'default r: T_app UPDATE',
      'default r: T_bi SELECT',
      'default T (all schemas): T_owner USAGE',
    ];
    // Any table the migrations add is covered by the loop over the catalog below, not this list.
    expect(got.filter((l) => !/^(r|S) /.test(l) || TABLES.concat(SEQUENCES).some((t) => l.includes(` ${t} `))).sort()).toEqual(expected.sort());
    expect(got.filter((l) => / (PUBLIC) /.test(l) || l.includes('tenantops_migrations'))).toEqual([]);
  });

  it('names each drifted privilege in the plan, repairs exactly that, and then plans nothing', async () => {
    const t = tenant();
    const s = stem(t);
    const before = await privileges(t);
    expect(await grantsChange(t)).toBeUndefined();
    const other = `${world.admin.role}`;
    await superQuery(databaseOf(t), [
      `REVOKE CONNECT ON DATABASE ${databaseOf(t)} FROM ${s}_bi`,
      ...(isolation === 'database' ? [`GRANT CONNECT ON DATABASE ${databaseOf(t)} TO ${other}`] : []),
      `REVOKE USAGE ON SCHEMA ${s} FROM ${s}_app`,
      `GRANT CREATE ON SCHEMA ${s} TO ${s}_bi`,
      `GRANT SELECT ON ${s}.learners TO PUBLIC`,
      `REVOKE UPDATE, DELETE ON ${s}.learners FROM ${s}_app`,
      // Two extra privileges on one object, and on one default entry: the REVOKE lists them apart.
      `GRANT INSERT, DELETE ON ${s}.enrolments TO ${s}_bi`,
      `GRANT UPDATE ON SEQUENCE ${s}.learners_learner_id_seq TO ${s}_bi`,
      `REVOKE EXECUTE ON FUNCTION ${s}.tenant_marker() FROM ${s}_bi`,
      `ALTER TABLE ${s}.assessments OWNER TO ${other}`,
      `ALTER FUNCTION ${s}.tenant_marker() OWNER TO ${other}`,
      // INSERT is the app's by default, not the BI role's: a lookup that ignored the grantee would keep it.
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${s}_owner IN SCHEMA ${s} GRANT TRUNCATE, INSERT ON TABLES TO ${s}_bi`,
      // An entry with no desired counterpart at all.
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${s}_owner IN SCHEMA ${s} GRANT SELECT ON SEQUENCES TO ${s}_bi`,
      // An entry that lacks a privilege and has none extra: repaired by a GRANT alone, no REVOKE.
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${s}_owner IN SCHEMA ${s} REVOKE DELETE ON TABLES FROM ${s}_app`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${s}_owner IN SCHEMA ${s} REVOKE EXECUTE ON FUNCTIONS FROM ${s}_app`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${s}_owner GRANT EXECUTE ON FUNCTIONS TO PUBLIC`,
    ].join(';\n'));
    const change = await grantsChange(t);
    const field = (path: string) => change?.fields.find((f) => f.path === path);
    const label = (xs: unknown) => (xs as string[]).map((x) => x.replaceAll(other, 'ADMIN').replaceAll(`${s}_`, ''));
    expect(change?.action).toBe('update');
    expect(label(field('drift')?.after ?? [])).toEqual([]);
    expect(label(field('drift')?.before).sort()).toEqual(
      [
        'table assessments: owned by ADMIN',
        // The identity column's sequence goes with its table.
        'sequence assessments_assessment_id_seq: owned by ADMIN',
        'table enrolments: bi has DELETE,INSERT',
        'table learners: PUBLIC has SELECT',
        'table learners: app lacks DELETE,UPDATE',
        'sequence learners_learner_id_seq: bi has UPDATE',
        `function ${s}.tenant_marker(): owned by ADMIN`,
        `function ${s}.tenant_marker(): bi lacks EXECUTE`,
      ].sort(),
    );
    expect(label(field('connect')?.before).sort()).toEqual(['app: CONNECT', ...(isolation === 'database' ? ['ADMIN: CONNECT'] : [])].sort());
    expect(label(field('schema')?.before)).toEqual(['bi: CREATE', 'bi: USAGE']);
    expect(label(field('defaults')?.before).sort()).toEqual(
      // PUBLIC's EXECUTE on new functions given back: the owner's global entry (which stands for its revocation) is gone.
      ['types (all schemas) owner: USAGE', 'functions bi: EXECUTE', 'sequences app: SELECT,USAGE', 'tables app: INSERT,SELECT,UPDATE', 'tables bi: INSERT,SELECT,TRUNCATE', 'sequences bi: SELECT'].sort(),
    );
    await world.apply([t]);
    expect(await grantsChange(t)).toBeUndefined();
    expect(await privileges(t)).toEqual(before);
  });
});

describe('db/grants, byod whose app role owns the schema', () => {
  it('grants the owner nothing (it owns everything), the BI role read, PUBLIC nothing, and changes no global default', async () => {
    const s = stem(byodTenant);
    const who = (role: string) => (role === customer.role ? 'OWNER' : role === customerBi ? 'BI' : role === '-' ? 'PUBLIC' : role);
    const { rows } = await superQuery(
      customer.database,
      `SELECT c.relkind::text || ' ' || c.relname AS object, coalesce(nullif(a.grantee, 0)::regrole::text, '-') AS grantee, a.privilege_type AS privilege
         FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a
        WHERE c.relnamespace = $1::text::regnamespace AND c.relkind IN ('r', 'S') AND a.grantee <> c.relowner
       UNION ALL
       SELECT 'function ' || p.proname, coalesce(nullif(a.grantee, 0)::regrole::text, '-'), a.privilege_type
         FROM pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE p.pronamespace = $1::text::regnamespace AND a.grantee <> p.proowner
       UNION ALL
       SELECT 'schema', coalesce(nullif(a.grantee, 0)::regrole::text, '-'), a.privilege_type
         FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE n.nspname = $1::text AND a.grantee <> n.nspowner
       UNION ALL
       SELECT 'default ' || d.defaclobjtype::text || CASE WHEN d.defaclnamespace = 0 THEN ' (all schemas)' ELSE '' END, coalesce(nullif(a.grantee, 0)::regrole::text, '-'), a.privilege_type
         FROM pg_default_acl d, aclexplode(d.defaclacl) a WHERE d.defaclrole = $2::regrole
       ORDER BY 1, 2, 3`,
      [s, customer.role],
    );
    const lines = rows.map((r) => `${r.object}: ${who(r.grantee)} ${r.privilege}`);
    expect(lines.filter((l) => !l.startsWith('r ')).sort()).toEqual(['default f: BI EXECUTE', 'default r: BI SELECT', 'function tenant_marker: BI EXECUTE', 'schema: BI USAGE']);
    expect(lines.filter((l) => l.startsWith('r ') && !l.includes('tenantops_migrations'))).toEqual(TABLES.map((t) => `r ${t}: BI SELECT`));
    expect(lines.filter((l) => l.includes('tenantops_migrations'))).toEqual([]);
    expect(await grantsChange(byodTenant)).toBeUndefined();
  });

  it("leaves the customer's own global default privileges alone: they are not drift, and the plan stays empty", async () => {
    // A customer who revoked PUBLIC's EXECUTE on new functions everywhere (a common hardening),
    // and gives their own reporting role SELECT on new tables everywhere.
    await withClient(customer.url, async (c) => {
      await c.query(`ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`);
      await c.query(`ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ${customerBi}`);
    });
    try {
      expect(await grantsChange(byodTenant)).toBeUndefined();
    } finally {
      await withClient(customer.url, async (c) => {
        await c.query(`ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC`);
        await c.query(`ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM ${customerBi}`);
      });
    }
  });
});

// Two runs that GRANT on one database at once fail with `tuple concurrently updated` unless they
// queue on the database's ACL lock (src/db/database-acl.ts; test/db/concurrent-tenants.test.ts
// races eight runs, too slow per mutant). Here, without a race: this test holds that lock itself,
// sees the repair queue behind it, and finds it free again while the run's connections are open.
describe('db/grants, the per-database ACL lock', () => {
  it('a repair of a database’s grants waits for that database’s lock, and ends holding none', async () => {
    const t = schemaTenant;
    // Spelt out, not imported: runs of another version must agree on it.
    const key = advisoryKey('tenantops.database-acl', `main/${world.shared.name}`);
    const lockRequests = (granted: boolean) =>
      superQuery(
        world.registry.name,
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted = $2 AND objsubid = 1
            AND classid = (($1::bigint >> 32) & 4294967295)::bigint::oid AND objid = ($1::bigint & 4294967295)::bigint::oid`,
        [key, granted],
      ).then((r) => r.rows[0].n as number);
    await superQuery(databaseOf(t), `REVOKE CONNECT ON DATABASE ${databaseOf(t)} FROM ${stem(t)}_bi`);
    const services = world.services();
    try {
      await withClient(world.registry.url, async (holder) => {
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1::bigint)', [key]);
        let settled = false;
        const applying = applyTenants(world.inputs([t]), services, { only: ['db'], actor: 'test' }).finally(() => (settled = true));
        // Until the run asks for the lock this test holds; a run that did not ask finishes first.
        while (!settled && (await lockRequests(false)) === 0) await new Promise((r) => setTimeout(r, 25));
        expect(settled, 'the repair went ahead while another run held the database’s ACL lock').toBe(false);
        await holder.query('ROLLBACK');
        const result = await applying;
        expect(result.tenants.flatMap((r) => r.failed)).toEqual([]);
      });
      // The run's registry connections are still open: its lock must have ended with its transaction.
      expect(await lockRequests(true)).toBe(0);
      expect(await grantsChange(t)).toBeUndefined();
    } finally {
      await services.close();
    }
  });
});
