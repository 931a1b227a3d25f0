// The committed bundles are what GitHub and `npx tenantops` run: they must be what the sources
// build today. The CLI runs its bundle only while the manifest says so, else its sources.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findStaleBundles, listActions } from '../../src/build/bundle.ts';
import { findStaleCliBundle } from '../../src/build/cli-bundle.ts';
import { CLI_DIST, CLI_MANIFEST, makeCliManifest, type CliManifest } from '../../src/build/cli-manifest.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Runs the `tenantops` bin of `dir` in `dir`, as a workflow step does. */
function tenantops(dir: string, argv: string[], env: Record<string, string> = {}) {
  const { TENANTOPS_CLI_FROM, TENANTOPS_DEBUG, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'tenantops.mjs'), ...argv], { cwd: dir, encoding: 'utf8', env: { ...inherited, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('action bundles', () => {
  it('finds every action', async () => {
    expect(await listActions(root)).toEqual(expect.arrayContaining(['dns']));
  });
  it('are fresh: a rebuild gives the committed dist/ byte for byte (else run npm run build)', async () => {
    expect(await findStaleBundles(root)).toEqual([]);
  }, 180_000);
});

describe('the CLI bundle (dist/cli)', () => {
  it('is fresh: a rebuild gives the committed dist/cli byte for byte (else run npm run build)', async () => {
    expect(await findStaleCliBundle(root)).toEqual([]);
  }, 180_000);

  it.each([['validate'], ['plan', '--offline'], ['--help'], ['plan', '--help'], ['no-such-command']].map((argv) => ({ argv, args: argv.join(' ') })))(
    'runs `tenantops $args` as the sources do (stdout, stderr, exit code)',
    ({ argv }) => {
      const bundle = tenantops(root, argv, { TENANTOPS_CLI_FROM: 'bundle' });
      const source = tenantops(root, argv, { TENANTOPS_CLI_FROM: 'source' });
      expect(bundle).toEqual(source);
      expect(bundle.stdout + bundle.stderr).not.toContain('TENANTOPS_CLI_FROM');
    },
    60_000,
  );

  describe('in a copy whose sources change', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'tenantops-clibundle-'));
    afterAll(() => rmSync(copy, { recursive: true, force: true }));
    const manifest = JSON.parse(readFileSync(path.join(root, CLI_DIST, CLI_MANIFEST), 'utf8')) as CliManifest;
    for (const file of ['scripts', 'src', CLI_DIST, 'package.json', 'package-lock.json', ...Object.keys(manifest.sources)]) {
      cpSync(path.join(root, file), path.join(copy, file), { recursive: true });
    }
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    // The copy's manifest made from the copy's files: what the launcher decides is under test here,
    // whether or not this checkout's bundle is fresh (the first test above says that).
    writeFileSync(path.join(copy, CLI_DIST, CLI_MANIFEST), JSON.stringify(makeCliManifest(copy, Object.keys(manifest.sources))));
    const debug = { TENANTOPS_DEBUG: '1' };

    it('runs the bundle while every source is as built (and says so only when asked)', () => {
      const r = tenantops(copy, ['--help'], debug);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^tenantops: running dist\/cli \(fresh: \d+ sources checked in [\d.]+ ms\)\n$/);
      expect(tenantops(copy, ['--help']).stderr).toBe('');
    }, 60_000);

    it('runs the sources once one byte of a bundled source changed; a forced bundle is refused', () => {
      const file = path.join(copy, 'src', 'cli', 'main.ts');
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 3).toString()).toBe('// ');
      bytes[2] = '!'.charCodeAt(0); // still a comment: the sources run as before
      writeFileSync(file, bytes);

      const r = tenantops(copy, ['--help'], debug);
      expect(r.stderr).toBe('tenantops: running the sources (src/cli/main.ts changed since dist/cli was built)\n');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(tenantops(root, ['--help']).stdout);

      const forced = tenantops(copy, ['--help'], { TENANTOPS_CLI_FROM: 'bundle' });
      expect(forced.code).toBe(2);
      expect(forced.stderr).toContain('src/cli/main.ts changed since dist/cli was built');
      expect(forced.stderr).toContain('npm run build');
      expect(forced.stdout).toBe('');
    }, 60_000);

    it('refuses an unknown TENANTOPS_CLI_FROM, naming the allowed values', () => {
      const r = tenantops(copy, ['--help'], { TENANTOPS_CLI_FROM: 'dist' });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('tenantops: TENANTOPS_CLI_FROM=dist: allowed are source, bundle (or unset: the bundle when fresh)\n');
    });
  });
});
