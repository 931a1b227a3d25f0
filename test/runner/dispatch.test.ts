// Runs starting runs: a step's repository_dispatch and workflow_dispatch calls reach the host's
// API, which hands them to the runner; workflow_run follows runs as they complete.
import { describe, expect, it } from 'vitest';
import { setupBenches } from './fixture-repo.ts';

const openBench = setupBenches();

describe('dispatch from a step', () => {
  it('starts the dispatched workflows with the payload and typed inputs', async () => {
    const bench = openBench();
    await bench.host.listen();
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'dispatcher.yml' });
    const sender = await runs[0].done;
    expect(sender.conclusion).toBe('success');
    await bench.runner.waitForIdle();
    const received = bench.runner.runs.filter((r) => r.workflow.name === 'dispatched');
    expect(received.map((r) => [r.event, r.jobs[0].outputs.got]).sort()).toEqual([
      ['repository_dispatch', 'repository_dispatch:42:'],
      ['workflow_dispatch', 'workflow_dispatch:both:true'],
    ]);
    expect(received.find((r) => r.event === 'workflow_dispatch')?.inputs).toEqual({ what: 'both', wait: true });
  });

  it('answers a bad token with 401 and a refused dispatch with 422', async () => {
    const bench = openBench();
    await bench.host.listen();
    const post = (token: string, body: unknown) => fetch(`${bench.host.apiUrl}/repos/${bench.host.repository}/actions/workflows/dispatched.yml/dispatches`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    expect((await post('ghs_wrong', { ref: 'main' })).status).toBe(401);
    const token = await bench.host.createToken(1, undefined);
    const refused = await post(token, { ref: 'main', inputs: { what: 'everything' } });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ message: "Provided value 'everything' for input 'what' not in the list of allowed values" });
    expect((await post(token, { ref: 'main' })).status).toBe(204);
    await bench.runner.waitForIdle();
  });
});

describe('workflow_run', () => {
  it('starts a workflow listening for another one to complete, with its conclusion', async () => {
    const bench = openBench({ freshRepo: true });
    const first = bench.repo.sha;
    bench.repo.commit({
      '.github/workflows/follow.yml': [
        'name: follow',
        'on:',
        '  workflow_run:',
        '    workflows: [dispatched]',
        '    types: [completed]',
        'jobs:',
        '  follow:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        "      - run: echo \"after ${{ github.event.workflow_run.name }} ${{ github.event.workflow_run.conclusion }}\"",
        '',
      ].join('\n'),
    });
    // The event's commit decides which workflows exist: the first commit has no follow.yml.
    await bench.runner.dispatch({ name: 'repository_dispatch', sha: first, payload: { action: 'schema_changed', client_payload: {} } });
    await bench.runner.waitForIdle();
    expect(bench.runner.runs.map((r) => r.workflow.name)).toEqual(['dispatched']);
    await bench.runner.dispatch({ name: 'repository_dispatch', payload: { action: 'schema_changed', client_payload: {} } });
    await bench.runner.waitForIdle();
    const follow = bench.runner.runs.filter((r) => r.workflow.name === 'follow');
    expect(follow).toHaveLength(1);
    expect(follow[0].event).toBe('workflow_run');
    expect(follow[0].jobs[0].steps[0].log).toContain('after dispatched success');
  });
});
