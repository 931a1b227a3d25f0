// The adapter and the command over a seeded registry: what reaches the pages, what never does.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectChecks, collectDashboard, renderDashboard, toRolloutView } from '../../src/dashboard/index.ts';
import { createMemoryLogger } from '../../src/log/index.ts';
import { loadValidInputs } from '../../src/run/index.ts';
import { repoRoot } from '../support/repo.ts';
import { getSecret } from '../../src/registry/index.ts';
import { cli } from '../support/cli.ts';
import { useTestRegistry } from '../support/registry.ts';
import { DRIFTED_REPORT, FLEET, SECRET_PLAINTEXT, seedFleet } from './seed.ts';

describe('the dashboard adapter', () => {
  const registry = useTestRegistry();
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('fills rows from the registry and the repository, leaving what is not recorded undefined', async () => {
    const inputs = await seedFleet(registry.pool);
    const model = await collectDashboard(registry.pool, { source: 'test', inputs, now: () => new Date('2026-12-05T12:00:00Z') });
    expect(model.fleet.map((r) => [r.code, r.status])).toEqual([...FLEET].sort((a, b) => (a.code < b.code ? -1 : 1)).map((t) => [t.code, t.status]));
    const acme = model.tenants.find((t) => t.row.code === 'acme-training')!;
    expect(acme.row).toMatchObject({
      capacity: 'sandbox-a1',
      reports: { deployed: 3 },
      refresh: { state: 'Completed', startedAt: '2026-12-05T05:00:00.000Z', at: '2026-12-05T05:00:42.000Z', durationSeconds: 42 },
      drift: { resources: [], runUrl: 'https://github.com/org/repo/actions/runs/501' },
      migration: { version: '0001' },
      approvedBy: 'qa-lead',
      lastDeployment: { actor: 'bob', planHash: 'b'.repeat(64), status: 'succeeded' },
    });
    expect(acme.row.reports.expected).toBeGreaterThanOrEqual(3);
    // A run URL that is not http(s) is dropped, not linked.
    expect(acme.row.lastDeployment!.runUrl).toBeUndefined();
    expect(acme.timeline.map((d) => d.actor)).toEqual(['alice', 'bob']);
    expect(acme.modules.flatMap((m) => m.reports)).toHaveLength(3);
    expect(acme.links.login).toBe('https://acme.tenants.example.com/');
    expect(acme.checks).toBeUndefined();
    expect(acme.superUsers).toEqual([{ email: 'jo.bloggs@acme.example', name: 'Jo Bloggs', invitedAt: expect.any(String), redeemedAt: expect.any(String) }]);
    const beta = model.tenants.find((t) => t.row.code === 'beta-corp')!;
    expect(beta.superUsers).toEqual([{ email: 'pat.lee@beta.example', name: 'Pat Lee', invitedAt: expect.any(String), redeemedAt: undefined }]);
    // Newest first, from the refresh history's own start and end times.
    expect(acme.refreshes.map((f) => [f.state, f.durationSeconds])).toEqual([['Completed', 42], ['Completed', 90]]);
    expect(beta.row.drift).toBeUndefined();
    const gamma = model.tenants.find((t) => t.row.code === 'gamma-skills')!;
    expect(gamma.row.refresh).toMatchObject({ state: 'Failed', durationSeconds: 118 });
    expect(gamma.row.drift?.resources).toEqual(['dns/record', DRIFTED_REPORT]);
    const delta = model.tenants.find((t) => t.row.code === 'delta-learning')!.row;
    expect(delta).toMatchObject({ capacity: undefined, reports: { deployed: 0, expected: undefined }, refresh: undefined, lastDeployment: undefined });
  });

  it('never puts a secret, a connection or an audit payload on a page', async () => {
    const model = await collectDashboard(registry.pool, { source: 'test' });
    const html = [...renderDashboard(model).files.values()].join('\n');
    const envelope = await getSecret(registry.pool, 'acme-training', 'db/app-password');
    expect(envelope).toBeDefined();
    for (const forbidden of [SECRET_PLAINTEXT, envelope!.ct, envelope!.tag, 'postgres://', 'db.internal.example', registry.url]) {
      expect(html).not.toContain(forbidden);
    }
  });

  it("verifies only active tenants with a file and a workspace; one tenant's failure is its failed check", async () => {
    const inputs = await loadValidInputs(repoRoot);
    const asked: string[] = [];
    const log = createMemoryLogger();
    const checks = await collectChecks(registry.pool, inputs.tenants, async (t) => {
      asked.push(t.code);
      if (t.code === 'beta-corp') throw new Error('Power BI GET /groups answered 503 (request id r-1) for tenant beta-corp');
      return { checks: [{ name: 'reports', ok: true, detail: 'bound to its own model' }] };
    }, log);
    // Only acme-training and beta-corp have a workspace; delta-learning and evil-corp have no file.
    expect(asked).toEqual(['acme-training', 'beta-corp']);
    expect(Object.fromEntries(checks)).toEqual({
      'acme-training': [{ id: 'reports', ok: true, evidence: 'bound to its own model' }],
      'beta-corp': [{ id: 'verify', ok: false, evidence: 'Power BI GET /groups answered 503 (request id r-1) for tenant beta-corp' }],
    });
    expect(log.lines.join('\n')).toContain('beta-corp: verification failed');
  });

  it('`tenantops dashboard --out` writes the site from the registry', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'tenantops-dashboard-cli-'));
    dirs.push(out);
    const r = await cli(['dashboard', '--out', out, '--skip-verify'], undefined, { TENANTOPS_REGISTRY_URL: registry.url });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`dashboard of ${FLEET.length} tenant(s) written: ${path.join(out, 'index.html')}\n`);
    expect(r.code).toBe(0);
    expect(await readFile(path.join(out, 'tenants', 'beta-corp.html'), 'utf8')).toContain('Beta Corp');
    // The newest rollout, as `rollout status` reports it: its waves with their counts.
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toMatch(/<strong>schema_changed [0-9a-f]{8}<\/strong>: halted/);
    expect(index).toContain('<th scope="row">wave 1</th><td>halted</td><td class="num">0</td><td class="num">1</td><td class="num">1</td>');
  });

  it('turns a rollout report into waves with their counts', () => {
    const view = toRolloutView({
      id: '0123456789abcdef', status: 'running', reason: 'templates',
      waves: [
        { name: 'canary', tenants: [{ tenant: 'a', state: 'applied' }] },
        { name: 'wave 1', tenants: [{ tenant: 'b', state: 'applied' }, { tenant: 'c', state: 'pending' }, { tenant: 'd', state: 'skipped' }] },
        { name: 'wave 2', tenants: [{ tenant: 'e', state: 'pending' }] },
      ],
    });
    expect(view).toEqual({
      name: 'templates 01234567', status: 'running',
      waves: [
        { name: 'canary', tenants: ['a'], succeeded: 1, failed: 0, pending: 0, status: 'done' },
        { name: 'wave 1', tenants: ['b', 'c', 'd'], succeeded: 2, failed: 0, pending: 1, status: 'running' },
        { name: 'wave 2', tenants: ['e'], succeeded: 0, failed: 0, pending: 1, status: 'waiting' },
      ],
    });
  });

  it('`tenantops dashboard --out` on a file is an environment error naming it, writing nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tenantops-dashboard-cli-'));
    dirs.push(dir);
    const file = path.join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const r = await cli(['dashboard', '--out', file, '--skip-verify'], undefined, { TENANTOPS_REGISTRY_URL: registry.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${file}: cannot write the site there (ENOTDIR)`);
    expect(await readFile(file, 'utf8')).toBe('x');
  });

  it('`tenantops dashboard` without --out is a usage error', async () => {
    const r = await cli(['dashboard'], undefined, {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out is required');
  });
});
