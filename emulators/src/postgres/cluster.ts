// The data directory of an embedded cluster: initialised once (atomically), its settings file
// rewritten at every start, its server log kept from growing without bound.

import fsp from 'node:fs/promises';
import path from 'node:path';
import { EmulatorSetupError } from '../setup-error.ts';
import { assertTraversable, run } from './process.ts';
import type { PostgresBinaries, RunAs } from './process.ts';

export type ServerSetting = string | number | boolean;

// These names are on disk in clusters initialised by earlier versions (postgresql.conf includes
// the settings file by name), so they stay as they were.
export const LOG_NAME = 'tenantops-server.log';
const CONF_NAME = 'tenantops.conf';
const LOG_ROTATE_BYTES = 16 * 1024 * 1024;

/**
 * Makes sure `dataDir` holds a cluster of the binaries' major version; returns true when it ran
 * initdb, false when it found one to reuse.
 */
export async function ensureCluster(
  dataDir: string,
  bins: PostgresBinaries,
  runAs: RunAs,
  user: string,
  password: string,
  debug: (m: string) => void,
): Promise<boolean> {
  const version = await fsp.readFile(path.join(dataDir, 'PG_VERSION'), 'utf8').catch(() => undefined);
  if (version !== undefined) {
    const major = await binaryMajor(bins);
    if (version.trim() !== major) {
      throw new EmulatorSetupError(
        `${dataDir} holds a PostgreSQL ${version.trim()} cluster but the embedded binaries are PostgreSQL ${major}; delete the directory to start afresh`,
      );
    }
    return false;
  }
  const existing = await fsp.readdir(dataDir).catch(() => []);
  if (existing.length > 0) {
    throw new EmulatorSetupError(`${dataDir} is neither empty nor a PostgreSQL data directory (no PG_VERSION); refusing to touch it`);
  }
  await fsp.mkdir(path.dirname(dataDir), { recursive: true });
  await assertTraversable(dataDir, runAs);

  // initdb into a sibling and rename: a run killed half-way through initdb leaves a stray
  // sibling, never a half-initialised cluster that later starts would mistake for a good one.
  const staging = `${dataDir}.init-${process.pid}`;
  const pwfile = `${dataDir}.pw-${process.pid}`;
  await fsp.rm(staging, { recursive: true, force: true });
  await fsp.mkdir(staging, { mode: 0o700 });
  await fsp.writeFile(pwfile, password + '\n', { mode: 0o600 });
  try {
    if (runAs.uid !== undefined) {
      await fsp.chown(staging, runAs.uid, runAs.gid!);
      await fsp.chown(pwfile, runAs.uid, runAs.gid!);
    }
    debug('initdb');
    await run(
      bins.initdb,
      ['-D', staging, '-U', user, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'],
      runAs,
    );
    await fsp.appendFile(path.join(staging, 'postgresql.conf'), `\ninclude_if_exists '${CONF_NAME}'\n`);
    await fsp.rm(dataDir, { recursive: true, force: true });
    await fsp.rename(staging, dataDir);
  } finally {
    await fsp.rm(pwfile, { force: true });
    await fsp.rm(staging, { recursive: true, force: true });
  }
  return true;
}

// Per binary: one process may run servers of two majors.
const cachedMajors = new Map<string, string>();
async function binaryMajor(bins: PostgresBinaries): Promise<string> {
  let cachedMajor = cachedMajors.get(bins.postgres);
  if (cachedMajor === undefined) {
    const out = await run(bins.postgres, ['-V']); // "postgres (PostgreSQL) 18.1"
    cachedMajor = /(\d+)(\.\d+)?/.exec(out)?.[1] ?? '';
    cachedMajors.set(bins.postgres, cachedMajor);
  }
  return cachedMajor;
}

/** Writes `tenantops.conf` (included from postgresql.conf) with exactly these settings. */
export async function writeSettings(dataDir: string, settings: Record<string, ServerSetting>, runAs: RunAs) {
  const lines = ['# Written by startEmbeddedPostgres at every start (its settings option); edits here are overwritten.'];
  for (const [name, value] of Object.entries(settings)) {
    if (!/^[a-z_][a-z0-9_.]*$/i.test(name)) throw new EmulatorSetupError(`not a PostgreSQL setting name: ${JSON.stringify(name)}`);
    const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
    lines.push(`${name} = ${text}`);
  }
  const file = path.join(dataDir, CONF_NAME);
  await fsp.writeFile(file, lines.join('\n') + '\n', { mode: 0o600 });
  if (runAs.uid !== undefined) await fsp.chown(file, runAs.uid, runAs.gid!);
  // A cluster initialised by something else: make sure our file is read.
  const main = path.join(dataDir, 'postgresql.conf');
  const text = await fsp.readFile(main, 'utf8');
  if (!text.includes(`include_if_exists '${CONF_NAME}'`)) await fsp.appendFile(main, `\ninclude_if_exists '${CONF_NAME}'\n`);
}

/** Moves a log past its size limit aside (one generation kept). */
export async function rotateLog(logFile: string) {
  const size = await fsp.stat(logFile).then((s) => s.size, () => 0);
  if (size > LOG_ROTATE_BYTES) await fsp.rename(logFile, `${logFile}.1`);
}
