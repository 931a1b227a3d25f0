// The dashboard workflow run as GitHub would run it, on the local runner over the emulated GitHub
// and the sandbox: it builds the site with the reader environment and keeps it as the `dashboard`
// artifact; the repository has no Pages site (the emulated GitHub serves none), so nothing is
// published and the run says why.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../dev/runner/index.ts';
import { OWNER, PEOPLE, REPO, useJourney } from '../support/journey.ts';

const journey = useJourney();

const explain = (run: RunRecord) =>
  run.jobs.flatMap((j) => [...j.annotations.map((a) => `${j.id}: ${a.message}`), ...j.steps.filter((s) => s.conclusion === 'failure').map((s) => `${j.id} / ${s.name}:\n${s.log.slice(-30).join('\n')}`)]).join('\n\n');

describe('the dashboard workflow', () => {
  it('builds the site, keeps it as an artifact, and does not publish it without a private Pages site', async () => {
    const { runs } = await journey.runner.dispatch({ name: 'workflow_dispatch', workflow: 'dashboard.yml', payload: {} });
    const run = await runs[0].done;
    expect(run.conclusion, explain(run)).toBe('success');
    const build = run.jobs.find((j) => j.id === 'build')!;
    expect(build.environment).toBe('plan-reader');
    expect(build.steps.flatMap((s) => s.log).join('\n')).toMatch(/dashboard of \d+ tenant\(s\) written: .*index\.html/);
    expect(build.outputs).toEqual({ 'private-pages': 'false' });
    expect(build.steps.flatMap((s) => s.annotations).map((a) => a.message)).toContainEqual(expect.stringMatching(/^the Pages site is none \(HTTP 404\), not private; the dashboard lists customers/));
    expect(run.jobs.find((j) => j.id === 'publish')?.conclusion).toBe('skipped');
    const artifacts = (await journey.octokit(PEOPLE.maintainer).rest.actions.listWorkflowRunArtifacts({ owner: OWNER, repo: REPO, run_id: run.id })).data.artifacts;
    expect(artifacts.map((a) => a.name)).toEqual(['dashboard']);
  }, 300_000);
});
