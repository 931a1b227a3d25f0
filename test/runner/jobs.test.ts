// needs + if with success(), failure(), always() and cancelled(); a cancelled run.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../dev/runner/index.ts';
import { setupBenches } from './fixture-repo.ts';
import { waitFor } from './wait.ts';

const openBench = setupBenches();

const job = (run: RunRecord, id: string) => run.jobs.find((j) => j.id === id);

describe('needs and if', () => {
  it('skips jobs whose needs failed unless their if says otherwise', async () => {
    const bench = openBench();
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'needs.yml' });
    const run = await runs[0].done;
    expect(run.conclusion).toBe('failure');
    expect(job(run, 'fails')?.conclusion).toBe('failure');
    expect(job(run, 'fails')?.steps[0].annotations.map((a) => a.message)).toEqual(['Process completed with exit code 3.']);
    expect(job(run, 'plain')?.conclusion).toBe('skipped');
    expect(job(run, 'on-failure')?.conclusion).toBe('success');
    expect(job(run, 'on-failure')?.steps[0].log).toContain('fails was failure');
    expect(job(run, 'always')?.conclusion).toBe('success');
    expect(job(run, 'always')?.outputs).toEqual({ seen: 'failure/skipped' });
    expect(job(run, 'after-skipped')?.conclusion).toBe('skipped');
    expect(job(run, 'last')?.steps[0].log).toContain('always said failure/skipped');
  });

  it('runs cancelled() jobs and always() steps when the run is cancelled, and cancels the rest', async () => {
    const bench = openBench();
    const gate = path.join(bench.repo.dir, 'gate');
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'cancel.yml', inputs: { gate } });
    await waitFor(() => existsSync(`${gate}.started`), 'the slow step to start');
    bench.runner.cancel(runs[0].record.id);
    const run = await runs[0].done;
    writeFileSync(gate, '');
    expect(run.conclusion).toBe('cancelled');
    const slow = job(run, 'slow')!;
    expect(slow.conclusion).toBe('cancelled');
    expect(slow.steps.map((s) => s.outcome)).toEqual(['cancelled', 'success', 'skipped']);
    expect(slow.steps[1].log).toContain('cleanup ran');
    expect(job(run, 'on-cancel')?.conclusion).toBe('success');
    expect(job(run, 'plain')?.conclusion).toBe('cancelled');
  });
});
