// One new migration rolled out to 200 provisioned schema-isolation tenants (`migrate --all`: per
// tenant its advisory lock, the applied rows read and checked against the files, the migration
// and its tracking row in one transaction as the owner, an audit row), compared with psql running
// the same tenant SQL serially from a file on an identical copy of the shared database.
//
// Target (from the issue): ours ≤ 1.3 × psql. The rollout runs a tenth of the cluster's
// connection budget at once (10 here), which is what pays for the per-tenant checks.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WALL_CLOCK_ROUNDS, type Scenario } from '../scenario.ts';
import { migrateTenants } from '../../src/db/index.ts';
import { withClient } from '../../test/support/pg.ts';
import { compareWithPsql, provisionAll, startBenchWorld, timePsql, TENANTS } from './provision-200-tenants.ts';
import { BENCH_MIGRATION, BENCH_MIGRATION_FILE } from '../support/migration.ts';

const scenario: Scenario = {
  name: 'provision-migration-200',
  rounds: WALL_CLOCK_ROUNDS,
  description: 'one new migration across 200 schema-isolation tenants (migrate --all), as a ratio to psql running the same tenant SQL',
  maxRssMb: 400,
  async run() {
    const world = await startBenchWorld();
    try {
      await provisionAll(world);
      const sql = (text: string) => withClient(world.url('postgres'), (c) => c.query(text));
      // Every round, both sides start from a copy of the shared database as provisioning left it.
      await sql('CREATE DATABASE bench_pristine TEMPLATE bench_shared');
      await writeFile(path.join(world.root, 'templates', 'tenant-migrations', BENCH_MIGRATION_FILE), BENCH_MIGRATION);
      return await compareWithPsql(
        async () => {
          const services = world.services();
          try {
            await services.registry();
            const started = performance.now();
            const result = await migrateTenants({ tenants: world.inputs.tenants.map((t) => t.config), services });
            const ms = performance.now() - started;
            const migrated = result.tenants.filter((t) => t.status === 'migrated').length;
            if (migrated !== TENANTS) throw new Error(`only ${migrated} of ${TENANTS} tenants migrated: ${result.tenants.find((t) => t.error)?.error}`);
            return ms;
          } finally {
            await services.close();
          }
        },
        async (script) => {
          await sql('CREATE DATABASE bench_psql TEMPLATE bench_pristine');
          const ms = await timePsql(script, world.url('bench_psql'));
          await sql('DROP DATABASE bench_psql WITH (FORCE)');
          await sql('DROP DATABASE bench_shared WITH (FORCE)');
          await sql('CREATE DATABASE bench_shared TEMPLATE bench_pristine');
          return ms;
        },
      );
    } finally {
      await world.close();
    }
  },
};
export default scenario;
