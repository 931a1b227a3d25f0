// The GitOps journey through the local runner's dry mode, on a throwaway commit of this
// repository's workflows and action metadata: which workflow and jobs each trigger starts.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RepositoryEvent } from '../../dev/runner/index.ts';
import { useWorkflowsCommit } from '../support/workflow-commit.ts';

const { sha, runner } = useWorkflowsCommit({ actionMetadata: true });

async function planned(event: RepositoryEvent) {
  const { workflows } = await runner.plan({ sha, ...event });
  return Object.fromEntries(workflows.map((w) => [w.name, w.jobs.map((j) => ({ id: j.id, needs: j.needs, environment: j.environment, if: j.if }))]));
}

const pr = (head: string) => ({
  name: 'pull_request',
  payload: { action: 'opened', number: 7, pull_request: { number: 7, head: { sha, repo: { full_name: head } }, base: { sha, ref: 'main' } }, repository: { full_name: 'org/tenants' } },
  changedFiles: ['tenants/acme-training.yaml'],
});

describe('the journey, trigger by trigger', () => {
  it('a PR starts tenant-plan: validate, then the online plan bound to plan-reader (or the offline one)', async () => {
    const plans = await planned(pr('org/tenants'));
    expect(Object.keys(plans)).toContain('tenant-plan');
    expect(plans['tenant-plan'].map((j) => [j.id, j.environment ?? null])).toEqual([['validate', null], ['plan', 'plan-reader'], ['plan-offline', null]]);
    expect(plans['tenant-plan'][1].if).toMatch(/head\.repo\.full_name == github\.repository/);
    expect(plans['tenant-provision']).toBeUndefined();
  });

  it('a push to main touching one tenant starts tenant-merge (which dispatches), never provisioning directly', async () => {
    const plans = await planned({ name: 'push', ref: 'refs/heads/main', payload: { ref: 'refs/heads/main', before: 'a'.repeat(40) }, changedFiles: ['tenants/acme-training.yaml'] });
    expect(plans['tenant-merge'].map((j) => j.id)).toEqual(['dispatch']);
    expect(plans['tenant-provision']).toBeUndefined();
    expect(plans['fleet-rollout']).toBeUndefined();
  });

  it('a push touching platform.yaml starts tenant-merge too; its dispatch goes to the fleet rollout', async () => {
    const plans = await planned({ name: 'push', ref: 'refs/heads/main', payload: { ref: 'refs/heads/main', before: 'a'.repeat(40) }, changedFiles: ['platform.yaml'] });
    expect(plans['tenant-merge'].map((j) => j.id)).toEqual(['dispatch']);
  });

  it('a workflow_dispatch of tenant-provision runs provision, then go-live gated by its environment', async () => {
    const plans = await planned({ name: 'workflow_dispatch', workflow: 'tenant-provision.yml', inputs: { tenant: 'acme-training', sha }, payload: {} });
    expect(Object.keys(plans)).toEqual(['tenant-provision']);
    expect(plans['tenant-provision'].map((j) => [j.id, j.needs, j.environment ?? null])).toEqual([
      ['provision', [], 'provisioning'],
      ['go-live', ['provision'], 'go-live'],
      ['rollback', ['provision', 'go-live'], 'provisioning'],
    ]);
  });

  it('schema_changed hands over to the fleet rollout', async () => {
    const plans = await planned({ name: 'repository_dispatch', payload: { action: 'schema_changed', client_payload: { data_model_revision: '42' } } });
    expect(plans['schema-changed'].map((j) => j.id)).toEqual(['hand-over']);
  });
});

describe("tenant-merge's dispatch decision (tenantops dispatch-merge --dry-run)", () => {
  it('one tenant-provision run per changed tenant; the fleet rollout when platform.yaml changed', async () => {
    const [{ cli }, { copyRepo, editFile }] = await Promise.all([import('../support/cli.ts'), import('../support/repo.ts')]);
    const repo = await copyRepo();
    const g = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    g('init', '--quiet', '--initial-branch=main');
    g('add', '.');
    g('commit', '--quiet', '-m', 'base');
    const base = g('rev-parse', 'HEAD');
    await editFile(repo, 'tenants/acme-training.yaml', (t) => t + '\n');
    const one = await cli(['dispatch-merge', '--before', base, '--sha', 'f'.repeat(40), '--dry-run', '--root', repo]);
    expect(JSON.parse(one.stdout).dispatches).toEqual([{ workflow: 'tenant-provision.yml', inputs: { tenant: 'acme-training', sha: 'f'.repeat(40), pr: '', 'merged-by': '' } }]);
    await editFile(repo, 'platform.yaml', (t) => t + '\n');
    const fleet = await cli(['dispatch-merge', '--before', base, '--sha', 'f'.repeat(40), '--dry-run', '--root', repo]);
    expect(JSON.parse(fleet.stdout).dispatches.map((d: { workflow: string }) => d.workflow)).toEqual(['fleet-rollout.yml']);
    rmSync(repo, { recursive: true, force: true });
  });
});
