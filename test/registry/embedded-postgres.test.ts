import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterBusyError, type EmbeddedPostgres, EmulatorSetupError, startEmbeddedPostgres } from '@tenantops/emulators';
import { queryRows } from '../support/pg.ts';

// A cluster of its own (the worker's shared one must not be stopped), kept across runs so only a
// fresh clone pays for initdb.
const root = path.resolve('.tenantops', 'test-pg');
let dataDir = '';
const password = 'lifecycle-test';
const fixture = path.join(import.meta.dirname, '../support/embedded-postgres-child.ts');

let current: EmbeddedPostgres | undefined;
afterAll(async () => {
  await current?.stop();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('embedded PostgreSQL', () => {
  it('reuses an existing cluster across restarts, keeping its data and settings', async () => {
    // lifecycle-1, unless another test run in this tree is using it right now.
    for (let slot = 1; !current; slot++) {
      dataDir = path.join(root, `lifecycle-${slot}`);
      current = await startEmbeddedPostgres({ dataDir, password, settings: { log_statement: 'all' } }).catch((err: unknown) => {
        if (err instanceof ClusterBusyError && slot < 8) return undefined;
        throw err;
      });
    }
    await queryRows(current.url, `CREATE TABLE IF NOT EXISTS marker (v text); TRUNCATE marker; INSERT INTO marker VALUES ('kept')`);
    const rows = await queryRows(current.url, `SELECT current_setting('listen_addresses') AS listen, current_setting('max_connections') AS max,
      current_setting('shared_preload_libraries') AS preload, current_setting('log_statement') AS log_statement,
      (SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements')::int AS pgss`);
    expect(rows[0]).toEqual({ listen: '127.0.0.1', max: '200', preload: 'pg_stat_statements', log_statement: 'all', pgss: 1 });
    expect(fs.readFileSync(current.logFile, 'utf8')).toContain(`INSERT INTO marker VALUES ('kept')`);
    await current.stop();
    await expect(queryRows(current.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    current = await startEmbeddedPostgres({ dataDir, password });
    expect(current.initialised).toBe(false);
    expect(await queryRows(current.url, `SELECT v, current_setting('log_statement') AS ls FROM marker`)).toEqual([{ v: 'kept', ls: 'none' }]);
  });

  it('refuses a second start of a running cluster', async () => {
    await expect(startEmbeddedPostgres({ dataDir, password })).rejects.toThrow(ClusterBusyError);
  });

  it('recovers the cluster of a SIGKILLed process: the orphaned server is stopped and the cluster restarts', async () => {
    await current?.stop();
    const child = spawn(process.execPath, [fixture, dataDir, password], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.includes('\n')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`child exited ${code}: ${stderr}`)));
    });
    const orphan = JSON.parse(line) as { port: number; pid: number; url: string };
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    // The orphan really is there, holding its port: otherwise this test would prove nothing.
    expect(alive(orphan.pid)).toBe(true);
    expect(await queryRows(orphan.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);

    current = await startEmbeddedPostgres({ dataDir, password });
    expect(alive(orphan.pid)).toBe(false);
    expect(current.pid).not.toBe(orphan.pid);
    expect(await queryRows(current.url, `SELECT v FROM marker`)).toEqual([{ v: 'kept' }]);
  });

  it('refuses a directory that is neither empty nor a cluster', async () => {
    const odd = path.join(root, `not-a-cluster-${process.pid}`);
    await fsp.mkdir(odd, { recursive: true });
    await fsp.writeFile(path.join(odd, 'notes.txt'), 'hello');
    try {
      await expect(startEmbeddedPostgres({ dataDir: odd })).rejects.toThrow(EmulatorSetupError);
      expect(await fsp.readFile(path.join(odd, 'notes.txt'), 'utf8')).toBe('hello');
    } finally {
      await fsp.rm(odd, { recursive: true, force: true });
      await fsp.rm(`${odd}.lock`, { force: true });
    }
  });
});
