// The dashboard workflow run as GitHub would run it, on the local runner over the emulated GitHub
// and the sandbox: it builds the site with the reader environment and keeps it as the `dashboard`
// artifact, and publishes it to Pages only when the emulated GitHub says the repository's Pages
// site is private. No site (404) or a public one: artifact only, and the run says why.
// The runner downloads no third-party action: the two Pages actions are stand-ins here that
// record being called (and check the site they were handed), so the test sees the decision.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord, StepCall } from '../../dev/runner/index.ts';
import { OWNER, PEOPLE, REPO, REPOSITORY, useJourney } from '../support/journey.ts';

const journey = useJourney();
/** Each Pages action called, with what it was handed. */
const pagesCalls: { action: string; runId: number; site?: string }[] = [];

// Runs after useJourney's own beforeAll (hooks run in the order they are registered).
beforeAll(() => {
  journey.runner.registerStandIn('actions/upload-pages-artifact', async (call: StepCall) => {
    const site = path.resolve(call.machine.workspace, call.inputs.path ?? '_site');
    pagesCalls.push({ action: 'upload-pages-artifact', runId: call.machine.runId, site: existsSync(path.join(site, 'index.html')) ? 'index.html present' : 'no index.html' });
    return { outcome: 'success', outputs: { artifact_id: '1' } };
  });
  journey.runner.registerStandIn('actions/deploy-pages', async (call: StepCall) => {
    pagesCalls.push({ action: 'deploy-pages', runId: call.machine.runId });
    return { outcome: 'success', outputs: { page_url: 'https://example.pages.github.io/' } };
  });
});

const explain = (run: RunRecord) =>
  run.jobs.flatMap((j) => [...j.annotations.map((a) => `${j.id}: ${a.message}`), ...j.steps.filter((s) => s.conclusion === 'failure').map((s) => `${j.id} / ${s.name}:\n${s.log.slice(-30).join('\n')}`)]).join('\n\n');

async function runDashboard(): Promise<RunRecord> {
  const { runs } = await journey.runner.dispatch({ name: 'workflow_dispatch', workflow: 'dashboard.yml', payload: {} });
  const run = await runs[0].done;
  expect(run.conclusion, explain(run)).toBe('success');
  return run;
}

const notices = (run: RunRecord) => run.jobs.flatMap((j) => j.steps.flatMap((s) => s.annotations)).map((a) => a.message);

describe('the dashboard workflow', () => {
  it('builds the site, keeps it as an artifact, and does not publish it without a Pages site', async () => {
    journey.github.setPages(REPOSITORY, undefined);
    const run = await runDashboard();
    const build = run.jobs.find((j) => j.id === 'build')!;
    expect(build.environment).toBe('plan-reader');
    expect(build.steps.flatMap((s) => s.log).join('\n')).toMatch(/dashboard of \d+ tenant\(s\) written: .*index\.html/);
    expect(build.outputs).toEqual({ 'private-pages': 'false' });
    expect(notices(run)).toContainEqual(expect.stringMatching(/^the Pages site is none \(HTTP 404\), not private; the dashboard lists customers/));
    expect(run.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('skipped');
    expect(pagesCalls.filter((c) => c.runId === run.id)).toEqual([]);
    const artifacts = (await journey.octokit(PEOPLE.maintainer).rest.actions.listWorkflowRunArtifacts({ owner: OWNER, repo: REPO, run_id: run.id })).data.artifacts;
    expect(artifacts.map((a) => a.name)).toEqual(['dashboard']);
  }, 300_000);

  it('keeps it an artifact when the Pages site is public', async () => {
    journey.github.setPages(REPOSITORY, { public: true });
    const run = await runDashboard();
    expect(run.jobs.find((j) => j.id === 'build')!.outputs).toEqual({ 'private-pages': 'false' });
    expect(notices(run)).toContainEqual(expect.stringMatching(/^the Pages site is public, not private; the dashboard lists customers/));
    expect(run.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('skipped');
    expect(pagesCalls.filter((c) => c.runId === run.id)).toEqual([]);
  }, 300_000);

  it('publishes it to a private Pages site: the site uploaded as the Pages artifact, then deployed', async () => {
    journey.github.setPages(REPOSITORY, { public: false });
    const run = await runDashboard();
    expect(run.jobs.find((j) => j.id === 'build')!.outputs).toEqual({ 'private-pages': 'true' });
    expect(notices(run).filter((m) => /not published|not private/.test(m))).toEqual([]);
    expect(run.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('success');
    expect(pagesCalls.filter((c) => c.runId === run.id)).toEqual([
      { action: 'upload-pages-artifact', runId: run.id, site: 'index.html present' },
      { action: 'deploy-pages', runId: run.id },
    ]);
    // The artifact stays too: Pages is an extra copy, not the only one.
    const artifacts = (await journey.octokit(PEOPLE.maintainer).rest.actions.listWorkflowRunArtifacts({ owner: OWNER, repo: REPO, run_id: run.id })).data.artifacts;
    expect(artifacts.map((a) => a.name)).toEqual(['dashboard']);
  }, 300_000);
});
