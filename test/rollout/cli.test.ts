// `tenantops rollout` on a repository on disk, as a workflow step runs it: JSON on stdout,
// per-tenant rows in the job summary, the rollout's id and status as step outputs.
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChaosHarness, type ChaosHarness } from '../support/chaos.ts';
import { adminUrl } from '../support/pg.ts';

let h: ChaosHarness;
let files: string;
beforeAll(async () => {
  h = await createChaosHarness(adminUrl());
  files = await mkdtemp(path.join(tmpdir(), 'rollout-cli-'));
  await appendFile(path.join(h.root, 'platform.yaml'), `rollout:\n  canary: [${h.code('database')}]\n  batch: 1\n  haltAfter: 0\n`);
}, 60_000);
afterAll(async () => {
  await h?.close();
  if (files) await rm(files, { recursive: true, force: true });
});

describe('tenantops rollout', () => {
  it('status before any rollout is an environment error', async () => {
    const run = await h.cli(['rollout', 'status', '--root', h.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no rollout in the registry yet; start one with tenantops rollout start');
  });

  it('start needs the revision it rolls out', async () => {
    const run = await h.cli(['rollout', 'start', '--only', 'db', '--root', h.root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give --revision <sha>');
  });

  it('start applies the canary wave, summarises it and hands the rollout on; resume completes it', async () => {
    const env = { GITHUB_STEP_SUMMARY: path.join(files, 'summary.md'), GITHUB_OUTPUT: path.join(files, 'output') };
    const first = await h.cli(['rollout', 'start', '--revision', 'abc123', '--only', 'db', '--waves', '1', '--json', '--root', h.root], env);
    expect(first.code, first.stderr).toBe(0);
    const started = JSON.parse(first.stdout);
    expect(started).toMatchObject({ status: 'running', revision: 'abc123', policy: { canary: [h.code('database')], batch: '1', haltAfter: '0' }, counts: { applied: 1, pending: 2 } });
    expect(started.waves.map((w: { name: string; tenants: { tenant: string; state: string }[] }) => [w.name, w.tenants.map((t) => t.state)])).toEqual([
      ['canary', ['applied']],
      ['wave 1', ['pending']],
      ['wave 2', ['pending']],
    ]);
    expect(await readFile(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain(`| canary | ${h.code('database')} | applied | abc123 | 1 |  |`);
    const outputs = await readFile(env.GITHUB_OUTPUT, 'utf8');
    expect(outputs).toContain(started.id);
    expect(outputs).toMatch(/status<<\S+\nrunning\n/);

    const rest = await h.cli(['rollout', 'resume', '--id', started.id, '--json', '--root', h.root]);
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ id: started.id, status: 'completed', counts: { applied: 3, pending: 0, failed: 0 } });
    const status = await h.cli(['rollout', 'status', '--root', h.root]);
    expect(status.stdout).toContain(`rollout ${started.id} at abc123: completed`);
  }, 120_000);
});
