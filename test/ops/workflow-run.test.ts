// The operations workflow run as GitHub would run it, on the local runner over the emulated GitHub
// and the sandbox: a dispatch runs the chosen sequence with the writer environment and puts its
// per-step, per-tenant table in the job summary; a cron runs exactly the sequences it is for; a
// dispatched dry run writes nothing anywhere. The sandbox's tenants are not onboarded, so every
// refresh is skipped with its reason — the point here is the workflow, not the refreshes
// (test/ops/run.test.ts has those).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../dev/runner/index.ts';
import { PEOPLE, useJourney } from '../support/journey.ts';

const journey = useJourney();

async function operationRuns(): Promise<{ sequence: string; actor: string; github_run: string | null; status: string }[]> {
  const client = new pg.Client({ connectionString: journey.sandbox.postgres.registry });
  await client.connect();
  try {
    return (await client.query('SELECT sequence, actor, github_run, status FROM operation_runs ORDER BY id')).rows;
  } finally {
    await client.end();
  }
}

const explain = (run: RunRecord) =>
  run.jobs.flatMap((j) => [...j.annotations.map((a) => `${j.id}: ${a.message}`), ...j.steps.filter((s) => s.conclusion === 'failure').map((s) => `${j.id} / ${s.name}:\n${s.log.slice(-30).join('\n')}`)]).join('\n\n');
const summaryOf = (run: RunRecord) => run.jobs.filter((j) => j.id === 'run').flatMap((j) => j.steps.map((s) => s.summary ?? '')).join('\n');

describe('the operations workflow', () => {
  it('on workflow_dispatch runs the chosen sequence for one tenant, with its results in the job summary and the run in the history', async () => {
    const { runs } = await journey.runner.dispatch({ name: 'workflow_dispatch', workflow: 'operations.yml', inputs: { sequence: 'emergency-refresh', tenant: 'acme-training' }, payload: {} });
    const run = await runs[0].done;
    expect(run.conclusion, explain(run)).toBe('success');
    const job = run.jobs.find((j) => j.id === 'run')!;
    expect([job.environment, job.matrix]).toEqual(['provisioning', { sequence: 'emergency-refresh' }]);
    const summary = summaryOf(run);
    expect(summary).toContain('### emergency-refresh: succeeded');
    expect(summary).toContain('| dataflows | acme-training | skipped | 1 | not onboarded: the registry records no workspace;');
    expect(summary).toContain('| models | acme-training | skipped | 0 | needs step "dataflows", which was skipped for this tenant |');
    expect(await operationRuns()).toEqual([{ sequence: 'emergency-refresh', actor: `github:${PEOPLE.maintainer}`, github_run: String(run.id), status: 'succeeded' }]);
  }, 240_000);

  it("on a cron runs exactly the sequences with that schedule", async () => {
    const { runs } = await journey.runner.dispatch({ name: 'schedule', schedule: '0 5 * * *', payload: {} });
    const run = runs.find((r) => r.record.workflow.name === 'operations')!;
    const done = await run.done;
    expect(done.conclusion, explain(done)).toBe('success');
    expect(done.jobs.find((j) => j.id === 'select')!.outputs).toEqual({ sequences: '["daily-refresh"]' });
    expect(done.jobs.filter((j) => j.id === 'run').map((j) => j.matrix)).toEqual([{ sequence: 'daily-refresh' }]);
    expect(summaryOf(done)).toContain('### daily-refresh: succeeded');
    expect((await operationRuns()).map((r) => r.sequence)).toEqual(['emergency-refresh', 'daily-refresh']);
  }, 240_000);

  it('a dispatched dry run shows the plan in the summary and writes nothing anywhere', async () => {
    const before = await journey.footprint();
    const writes = journey.writes().length;
    const { runs } = await journey.runner.dispatch({ name: 'workflow_dispatch', workflow: 'operations.yml', inputs: { sequence: 'development-test', 'dry-run': true }, payload: {} });
    const run = await runs[0].done;
    expect(run.conclusion, explain(run)).toBe('success');
    expect(summaryOf(run)).toContain('### development-test: dry run (nothing contacted)');
    expect(journey.writes().slice(writes)).toEqual([]);
    expect(await journey.footprint()).toEqual(before);
  }, 240_000);
});
