// `tenantops registry backup | restore | rebuild`: recovering the registry, without which every
// tenant would be orphaned. Backups are sealed under TENANTOPS_ENCRYPTION_KEY; rebuild re-adopts
// what exists in the world when there is no backup.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentError } from '../../errors/index.ts';
import { backupRegistry, restoreRegistry, type BackupSummary } from '../../registry/index.ts';
import { rebuildRegistry } from '../../run/index.ts';
import { cliActor } from '../actor.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const registryBackupCommand: Command = {
  name: 'registry backup',
  summary: 'Write every registry table to one file sealed under TENANTOPS_ENCRYPTION_KEY (secrets stay sealed as they are).',
  usage: 'registry backup --out <file> [--json]',
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  help: { out: 'the backup file to write (mode 0600; replaced atomically)', json: 'print {"file", "createdAt", "keyId", "migrations", "rows"}' },
  async run(args, io) {
    const out = stringOption(args, 'out');
    if (!out) throw new EnvironmentError(`registry backup needs --out <file>\nusage: tenantops ${registryBackupCommand.usage}`);
    const file = path.resolve(io.cwd, out);
    return withCommandRun(args, io, async ({ services }) => {
      const { text, summary } = await backupRegistry(await services.registry(), services.keyring());
      await writePrivateFile(file, text);
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify({ file: out, ...summary }, null, 2));
      else writeLine(io.stdout, `registry backed up to ${out}: ${describeRows(summary)}, sealed under key ${summary.keyId}`);
      return 0;
    });
  },
};

export const registryRestoreCommand: Command = {
  name: 'registry restore',
  summary: 'Restore a registry backup; an empty registry only, unless --force (the append-only audit log is kept and added to).',
  usage: 'registry restore <file> [--force] [--json]',
  options: { force: { type: 'boolean' }, json: { type: 'boolean' } },
  help: { force: 'replace what the registry holds with the backup', json: 'print {"createdAt", "keyId", "migrations", "rows", "replaced"}' },
  async run(args, io) {
    const [given, ...extra] = args.positionals;
    if (!given || extra.length) throw new EnvironmentError(`registry restore takes exactly one backup file\nusage: tenantops ${registryRestoreCommand.usage}`);
    const text = await readFile(path.resolve(io.cwd, given), 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new EnvironmentError(`${given} cannot be read (${err.code ?? err.message})`);
    });
    return withCommandRun(args, io, async ({ services }) => {
      const result = await restoreRegistry(await services.registry(), services.keyring(), text, { file: given, force: flag(args, 'force'), actor: cliActor(io) });
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(result, null, 2));
      else writeLine(io.stdout, `registry restored from ${given} (taken ${result.createdAt}): ${describeRows(result)}${result.replaced ? '; what it held before was replaced' : ''}`);
      return 0;
    });
  },
};

export const registryRebuildCommand: Command = {
  name: 'registry rebuild',
  summary: 'Fill an empty registry from the world: re-adopt each tenant\'s workspaces, models, reports, roles, stores and DNS records; rotate database passwords.',
  usage: 'registry rebuild [--tenant code] [--json]',
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  help: { tenant: 'only this tenant (default: every tenant in tenants/)', json: 'print {"tenants": [{"tenant", "adopted", "repaired", "missing", "refused", "failed"}]}' },
  async run(args, io) {
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const result = await rebuildRegistry(inputs, services, { tenant: stringOption(args, 'tenant'), actor: cliActor(io) });
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(result, null, 2));
      else {
        for (const t of result.tenants) {
          writeLine(io.stdout, `${t.tenant}: ${t.adopted.length} adopted, ${t.repaired.length} repaired (passwords rotated, records written again)`);
          if (t.missing.length) writeLine(io.stdout, `  not found, the next apply creates: ${t.missing.join(', ')}`);
          if (t.refused.length) writeLine(io.stdout, `  found but planned for deletion or replacement, left for a forced apply: ${t.refused.join(', ')}`);
          for (const f of t.failed) writeLine(io.stdout, `  failed: ${f.key}: ${f.message}`);
        }
      }
      return result.tenants.some((t) => t.failed.length) ? 1 : 0;
    });
  },
};

function describeRows(summary: BackupSummary): string {
  const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  return `${total} row(s) in ${Object.keys(summary.rows).length} table(s) (${summary.rows.tenants ?? 0} tenant(s))`;
}

/** Written beside its destination and renamed: a crash never leaves half a backup under the name. */
async function writePrivateFile(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw new EnvironmentError(`cannot write ${file}: ${(err as Error).message}`);
  }
}
