// Concurrency groups across runs: one pending run without `queue` (the older pending one is
// cancelled), an ordered queue with `queue: max` (100 pending at most).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PENDING_IN_QUEUE, type StartedRun } from '../../dev/runner/index.ts';
import { ConcurrencyCancelled, ConcurrencyRegistry } from '../../dev/runner/concurrency.ts';
import { setupBenches } from './fixture-repo.ts';
import { waitFor } from './wait.ts';

const openBench = setupBenches();

describe('concurrency without queue', () => {
  it('keeps one pending run: a newer run cancels the older pending one', async () => {
    const bench = openBench();
    const gate = path.join(bench.repo.dir, 'gate');
    const dispatch = async (suffix: string) => (await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'concurrency.yml', inputs: { gate: `${gate}${suffix}` } })).runs[0];
    const first = await dispatch('');
    await waitFor(() => existsSync(`${gate}.started`), 'the first run to hold the group');
    const second = await dispatch('');
    await waitFor(() => second.record.status === 'pending', 'the second run to wait');
    const third = await dispatch('');
    const cancelled = await second.done;
    expect(cancelled.conclusion).toBe('cancelled');
    expect(cancelled.jobs).toEqual([]);
    expect(cancelled.annotations[0].message).toBe("Canceling since a higher priority waiting request for 'deploy-refs/heads/main' exists");
    expect(third.record.status).toBe('pending');
    writeFileSync(gate, '');
    expect((await first.done).conclusion).toBe('success');
    expect((await third.done).conclusion).toBe('success');
  });
});

describe('job-level concurrency', () => {
  it('applies to matrix combinations: without queue the middle one is cancelled, with queue: max all run', async () => {
    const bench = openBench();
    const run = await (await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'job-concurrency.yml' })).runs[0].done;
    const conclusions = (id: string) => Object.fromEntries(run.jobs.filter((j) => j.id === id).map((j) => [j.matrix?.tenant, j.conclusion]));
    expect(conclusions('single')).toEqual({ a: 'success', b: 'cancelled', c: 'success' });
    expect(conclusions('queued')).toEqual({ a: 'success', b: 'success', c: 'success' });
    expect(run.conclusion).toBe('cancelled');
  });
});

describe('concurrency with queue: max', () => {
  it('lets runs wait and starts them in arrival order', async () => {
    const bench = openBench();
    const gate = path.join(bench.repo.dir, 'gate');
    const runs: StartedRun[] = [];
    for (const label of ['a', 'b', 'c', 'd']) {
      runs.push((await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'queue.yml', inputs: { gate, label } })).runs[0]);
    }
    await waitFor(() => runs.slice(1).every((r) => r.record.status === 'pending'), 'three runs pending');
    writeFileSync(gate, '');
    const done = await Promise.all(runs.map((r) => r.done));
    expect(done.map((r) => r.conclusion)).toEqual(['success', 'success', 'success', 'success']);
    expect(readFileSync(`${gate}.order`, 'utf8').split('\n').filter(Boolean)).toEqual(['a', 'b', 'c', 'd']);
  });

  it(`holds ${MAX_PENDING_IN_QUEUE} pending entries; the next one pushes out the oldest`, async () => {
    const registry = new ConcurrencyRegistry();
    const setting = { group: 'g', cancelInProgress: false, queue: 'max' as const };
    const member = (label: string) => ({ label, cancel: () => undefined });
    const release = await registry.acquire(setting, member('running'));
    const pending = Array.from({ length: MAX_PENDING_IN_QUEUE }, (_, i) => registry.acquire(setting, member(`p${i}`)));
    expect(registry.pendingIn('G')).toHaveLength(MAX_PENDING_IN_QUEUE);
    const overflow = registry.acquire(setting, member('late'));
    await expect(pending[0]).rejects.toBeInstanceOf(ConcurrencyCancelled);
    expect(registry.pendingIn('g')).toEqual([...Array.from({ length: MAX_PENDING_IN_QUEUE - 1 }, (_, i) => `p${i + 1}`), 'late']);
    release();
    (await pending[1])();
    for (const p of pending.slice(2)) (await p)();
    (await overflow)();
    expect(registry.pendingIn('g')).toEqual([]);
  });

  it('cancel-in-progress cancels the running member and every pending one', async () => {
    const registry = new ConcurrencyRegistry();
    const cancelled: string[] = [];
    const member = (label: string) => ({ label, cancel: (reason: string) => cancelled.push(`${label}: ${reason}`) });
    await registry.acquire({ group: 'pr-1', cancelInProgress: false, queue: 'single' }, member('old'));
    const next = registry.acquire({ group: 'pr-1', cancelInProgress: true, queue: 'single' }, member('new'));
    expect(cancelled).toEqual(["old: Canceling since a higher priority waiting request for 'pr-1' exists"]);
    expect(registry.pendingIn('pr-1')).toEqual(['new']);
    void next;
  });
});
