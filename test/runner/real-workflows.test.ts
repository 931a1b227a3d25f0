// Smoke test: every real workflow of this repository parses and plans, for every event it
// declares, without executing a step; each step is one the runner can run.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryHost, createRunner, loadWorkflows, renderPlan, sampleEvents } from '../../dev/runner/index.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const host = createMemoryHost({ repository: 'tenantops/tenantops' });
const runner = createRunner({ repoDir: root, host });
afterAll(() => runner.close());

const workflows = await loadWorkflows(root);
// Plan the commit checked out here (a workflow_dispatch without a ref would take the default branch's).
const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

describe.each(workflows.map((w) => ({ file: w.path, workflow: w })))('$file', ({ workflow }) => {
  const events = sampleEvents(workflow);

  it('declares at least one event the runner can plan', () => {
    expect(events.length).toBeGreaterThan(0);
  });

  it.each(events.map((event) => ({ name: event.name, event })))('plans on $name', async ({ event }) => {
    const plans = (await runner.plan({ ...event, sha })).workflows.filter((p) => p.path === workflow.path);
    expect(plans, renderPlan(plans).join('\n')).toHaveLength(1);
    const [plan] = plans;
    expect(plan.jobs.map((j) => j.id)).toEqual(workflow.jobs.map((j) => j.id.value));
    for (const job of plan.jobs) {
      expect(job.steps.length, `${job.id} has steps`).toBeGreaterThan(0);
      // GitHub Pages publishing has no stand-in in the runner (dev/runner/README.md lists Pages among
      // what it does not reproduce): the dashboard's publish job only runs for a private Pages site.
      for (const step of job.steps.filter((s) => !/actions\/(upload-pages-artifact|deploy-pages)@/.test(s.name))) expect(step.kind, `${job.id}: ${step.name}`).not.toBe('unknown-action');
    }
  });
});
