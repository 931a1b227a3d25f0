// Provision 200 schema-isolation tenants end to end (`applyTenants --only db`: plan reads, the
// tenant lock, three roles with sealed passwords, schema, grants, both migrations, the registry's
// record, journal and audit rows, login checks) and compare the wall time with psql running the
// same tenant SQL — every statement our run sent to the cluster, recorded as it went, replayed
// serially from a file on a fresh cluster state.
//
// Target (from the issue): ours ≤ 1.3 × psql. psql does only the DDL; everything else we do (the
// reads that make a second run a no-op, the registry bookkeeping, the login checks) has to fit in
// the 30 % — or be paid for by running tenants concurrently, which psql from a file cannot.
//
// This file also exports the world the migration scenario (provision-migration-200.ts) builds on.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { WALL_CLOCK_ROUNDS, type Scenario } from '../scenario.ts';
import { recordTenantSql } from '../../src/db/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { applyTenants, createServices, loadInputs, type Inputs, type Services } from '../../src/run/index.ts';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '@tenantops/emulators';
import { urlWith, withClient } from '../../test/support/pg.ts';
import { repoRoot } from '../../test/support/repo.ts';

export const TENANTS = 200;
/** The psql the machine has (Debian's client); the bench compares against exactly it. */
export const PSQL = '/usr/bin/psql';
const SHARED = 'bench_shared';
const REGISTRY = 'bench_registry';

export interface BenchWorld {
  server: EmbeddedPostgres;
  root: string;
  inputs: Inputs;
  services(): Services;
  /** A database URL of the bench cluster, as its superuser. */
  url(database: string): string;
  close(): Promise<void>;
}

export async function startBenchWorld(): Promise<BenchWorld> {
  const server = await startEmbeddedPostgres({ dataDir: path.join(repoRoot, '.tenantops', 'bench-pg'), password: 'bench-sandbox' });
  const url = (database: string) => urlWith(server.url, database);
  await resetCluster(url('postgres'));
  await withClient(url('postgres'), async (c) => {
    await c.query(`CREATE DATABASE ${SHARED} TEMPLATE template0`);
    await c.query(`CREATE DATABASE ${REGISTRY} TEMPLATE template0`);
  });
  const root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-db-'));
  await cp(path.join(repoRoot, 'templates'), path.join(root, 'templates'), { recursive: true });
  await cp(path.join(repoRoot, 'platform.schema.json'), path.join(root, 'platform.schema.json'));
  const platform = parse(await readFile(path.join(repoRoot, 'platform.yaml'), 'utf8')) as Record<string, unknown>;
  platform.clusters = { main: { host: server.host, port: server.port, adminSecret: 'BENCH_ADMIN_URL', maxConnections: 100, database: SHARED, sslmode: 'disable' } };
  await writeFile(path.join(root, 'platform.yaml'), stringify(platform));
  await mkdir(path.join(root, 'tenants'));
  for (let i = 0; i < TENANTS; i++) {
    const code = `bench-${String(i).padStart(4, '0')}`;
    await writeFile(
      path.join(root, 'tenants', `${code}.yaml`),
      stringify({
        code,
        name: `Bench ${i}`,
        subdomain: code,
        providers: { lms: 'APTEM', englishMaths: 'BKSB', crm: 'HUBSPOT' },
        database: { isolation: 'schema', cluster: 'main' },
        powerbi: { capacity: 'shared' },
        modules: ['operations'],
        superUsers: [{ email: `admin@${code}.example`, firstName: 'Ada', lastName: 'Admin' }],
      }),
    );
  }
  const { inputs, findings } = await loadInputs(root);
  if (!inputs) throw new Error(`bench tenants do not validate: ${findings.slice(0, 3).map((f) => f.message).join('; ')}`);
  const env = { BENCH_ADMIN_URL: url(SHARED), TENANTOPS_REGISTRY_URL: url(REGISTRY), TENANTOPS_ENCRYPTION_KEY: `bench:${randomBytes(32).toString('base64')}`, USER: 'bench' };
  return {
    server,
    root,
    inputs,
    url,
    services: () => createServices({ platform: inputs.platform, root, log: createMemoryLogger(), env }),
    async close() {
      await resetCluster(url('postgres')).catch(() => undefined);
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Provisions every tenant; returns the wall time in ms. */
export async function provisionAll(world: BenchWorld): Promise<number> {
  const services = world.services();
  try {
    await services.registry(); // the registry's own migrations are setup, not provisioning
    const started = performance.now();
    const result = await applyTenants(world.inputs, services, { only: ['db'], actor: 'bench' });
    const ms = performance.now() - started;
    const applied = result.tenants.filter((t) => t.applied.length).length;
    if (applied !== TENANTS) throw new Error(`only ${applied} of ${TENANTS} tenants were provisioned`);
    return ms;
  } finally {
    await services.close();
  }
}

/**
 * Records the SQL tenantops sends to tenant databases while `fn` runs, as a psql script: each
 * transaction whole at its COMMIT (commit order is an order the server accepted), every other
 * statement as it completes.
 */
export async function recordSql(fn: () => Promise<unknown>): Promise<string> {
  const units: string[] = [];
  const open = new Map<object, string[]>();
  recordTenantSql((sql, session) => {
    if (sql === 'BEGIN') return void open.set(session, ['BEGIN']);
    const tx = open.get(session);
    if (!tx) return void units.push(sql);
    tx.push(sql);
    if (sql === 'COMMIT') {
      units.push(tx.join(';\n'));
      open.delete(session);
    }
  });
  try {
    await fn();
  } finally {
    recordTenantSql(undefined);
  }
  return units.map((u) => `${u};\n`).join('');
}

/** Runs a script with psql against `url`; returns the wall time in ms (psql's own start included). */
export async function timePsql(script: string, url: string): Promise<number> {
  const file = path.join(tmpdir(), `tenantops-bench-${process.pid}.sql`);
  await writeFile(file, script);
  try {
    const started = performance.now();
    await promisify(execFile)(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file, url], { maxBuffer: 64 * 1024 * 1024 });
    return performance.now() - started;
  } finally {
    await rm(file, { force: true });
  }
}

/** Drops what a bench run leaves: its databases and the tenants' roles. */
export async function resetCluster(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const { rows: dbs } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%' OR datname LIKE 'tenant\\_bench\\_%'`);
    for (const { datname } of dbs) await c.query(`DROP DATABASE ${c.escapeIdentifier(datname)} WITH (FORCE)`);
    const { rows } = await c.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'tenant\\_bench\\_%'`);
    for (let i = 0; i < rows.length; i += 200) {
      const batch = rows.slice(i, i + 200).map((r) => c.escapeIdentifier(r.rolname)).join(', ');
      await c.query(`DROP OWNED BY ${batch}`);
      await c.query(`DROP ROLE ${batch}`);
    }
  });
}

/** Rounds of (ours, psql), interleaved so both sides see the same machine: the CI box is shared. */
const ROUNDS = 2;

/**
 * The figures of ROUNDS rounds: `ours` runs tenantops and returns its wall time (the first round
 * records the tenant SQL it sends), `psql` runs that script on the same starting state and
 * returns psql's.
 */
export async function compareWithPsql(ours: () => Promise<number>, psql: (script: string) => Promise<number>) {
  const oursMs: number[] = [];
  const psqlMs: number[] = [];
  let script = '';
  for (let round = 0; round < ROUNDS; round++) {
    if (round === 0) script = await recordSql(async () => oursMs.push(await ours()));
    else oursMs.push(await ours());
    psqlMs.push(await psql(script));
  }
  return ratioFigures(oursMs, psqlMs);
}

/** An empty shared database and registry, no tenant roles: where every round starts. */
export async function freshCluster(world: BenchWorld): Promise<void> {
  await resetCluster(world.url('postgres'));
  await withClient(world.url('postgres'), async (c) => {
    await c.query(`CREATE DATABASE ${SHARED} TEMPLATE template0`);
    await c.query(`CREATE DATABASE ${REGISTRY} TEMPLATE template0`);
  });
}

const scenario: Scenario = {
  name: 'provision-200-tenants',
  rounds: WALL_CLOCK_ROUNDS,
  description: 'provision 200 schema-isolation tenants (db slice), as a ratio to psql running the same tenant SQL',
  maxRssMb: 400,
  async run() {
    const world = await startBenchWorld();
    try {
      return await compareWithPsql(
        () => provisionAll(world),
        async (script) => {
          await freshCluster(world);
          const ms = await timePsql(script, world.url(SHARED));
          await freshCluster(world);
          return ms;
        },
      );
    } finally {
      await world.close();
    }
  },
};
export default scenario;

/** Wall times of both sides and their ratio, summed over the rounds. */
function ratioFigures(ours: number[], psql: number[]) {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return [
    { name: `tenantops wall time (${ours.map((m) => (m / 1000).toFixed(2)).join(' + ')} s)`, value: sum(ours) / 1000, unit: 's' },
    { name: `psql wall time, same SQL (${psql.map((m) => (m / 1000).toFixed(2)).join(' + ')} s)`, value: sum(psql) / 1000, unit: 's' },
    // Bound from the issue: ≤ 1.3 × `psql -f` of the tenant SQL tenantops sent, recorded as it went.
    { name: 'ratio to psql', value: sum(ours) / sum(psql), unit: '×', target: 1.3, direction: 'max' as const, bound: 'issue: ≤ 1.3 × psql -f of the recorded tenant SQL' },
  ];
}
