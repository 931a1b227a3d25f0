// One new migration rolled out to 200 provisioned schema-isolation tenants (`migrate --all`: per
// tenant its advisory lock, the applied rows read and checked against the files, the migration
// and its tracking row in one transaction as the owner, an audit row), compared with psql running
// the same tenant SQL, as many psql processes at once as the rollout migrates tenants at once, on
// an identical copy of the shared database (bench/support/psql-baseline.ts).
//
// Target (from the issue): ours ≤ 1.3 × psql. The rollout runs a tenth of the cluster's
// connection budget at once (10 here), and so does the baseline: 10 psql processes.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { WALL_CLOCK_ROUNDS, type Scenario } from '../scenario.ts';
import { clusterParallelism, migrateTenants } from '../../src/db/index.ts';
import { withClient } from '../../test/support/pg.ts';
import { timed, timePsql } from '../support/psql-baseline.ts';
import { compareWithPsql, provisionAll, startBenchWorld, TENANTS } from './provision-200-tenants.ts';
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
      // The rollout's own parallelism on the bench cluster (a tenth of its 100 connections).
      const k = clusterParallelism(world.inputs.platform, 'main');
      return await compareWithPsql(
        k,
        async () => {
          const services = world.services();
          try {
            await services.registry();
            let migrated = 0;
            let error: string | undefined;
            const time = await timed(world.dataDir, world.url('postgres'), 'self', async () => {
              const result = await migrateTenants({ tenants: world.inputs.tenants.map((t) => t.config), services });
              migrated = result.tenants.filter((t) => t.status === 'migrated').length;
              error = result.tenants.find((t) => t.error)?.error;
            });
            if (migrated !== TENANTS) throw new Error(`only ${migrated} of ${TENANTS} tenants migrated: ${error}`);
            return time;
          } finally {
            await services.close();
          }
        },
        async (recorded) => {
          await sql('CREATE DATABASE bench_psql TEMPLATE bench_pristine');
          const time = await timePsql(recorded, k, world.url('bench_psql'), world.dataDir, world.url('postgres'));
          await sql('DROP DATABASE bench_psql WITH (FORCE)');
          await sql('DROP DATABASE bench_shared WITH (FORCE)');
          await sql('CREATE DATABASE bench_shared TEMPLATE bench_pristine');
          return time;
        },
      );
    } finally {
      await world.close();
    }
  },
};
export default scenario;
