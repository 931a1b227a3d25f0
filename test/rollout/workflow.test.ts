// The fleet-rollout workflow through the local runner's dry mode: one run applies one wave behind
// one gate (the fleet-wave environment), then hands the rollout on to a run of its own.
import { describe, expect, it } from 'vitest';
import { useWorkflowsCommit } from '../support/workflow-commit.ts';

const { sha, runner } = useWorkflowsCommit();

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
