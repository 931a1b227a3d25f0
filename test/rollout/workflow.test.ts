// The fleet-rollout workflow through the local runner's dry mode: one run applies one wave behind
// one gate (the fleet-wave environment), then hands the rollout on to a run of its own.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryHost, createRunner } from '../../dev/runner/index.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-rollout-'));
cpSync(path.join(root, '.github'), path.join(dir, '.github'), { recursive: true });
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
git('init', '--quiet', '--initial-branch=main');
git('add', '.');
git('commit', '--quiet', '-m', 'workflows');
const sha = git('rev-parse', 'HEAD');

const runner = createRunner({ repoDir: dir, host: createMemoryHost({ repository: 'org/tenants' }) });
afterAll(async () => {
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the fleet-rollout workflow', () => {
  it('plans, applies one wave behind the fleet-wave gate, then dispatches the next wave', async () => {
    const { workflows } = await runner.plan({ sha, name: 'workflow_dispatch', workflow: 'fleet-rollout.yml', inputs: { sha, reason: 'schema_changed' }, payload: {} });
    expect(workflows.map((w) => w.name)).toEqual(['fleet-rollout']);
    expect(workflows[0].jobs.map((j) => [j.id, j.needs, j.environment ?? null])).toEqual([
      ['plan', [], 'plan-reader'],
      ['wave', ['plan'], 'fleet-wave'],
      ['next', ['wave'], null],
    ]);
    // No dispatch after a halted wave or once nothing is pending.
    expect(workflows[0].jobs[2].if).toMatch(/needs\.wave\.outputs\.status == 'running' && needs\.wave\.outputs\.pending != '0'/);
  });
});
