// Steps: environment files, shells, working-directory, continue-on-error, timeouts, workflow
// commands and masking, node24 local actions, stand-ins and artifacts.
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_SHOWN_PER_LEVEL, type JobRecord, type RunRecord } from '../../dev/runner/index.ts';
import { setupBenches, type Bench } from './fixture-repo.ts';

const openBench = setupBenches();

async function runWorkflow(file: string, hostOptions = {}): Promise<{ run: RunRecord; bench: Bench }> {
  const bench = openBench({ host: hostOptions });
  const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: file });
  return { run: await runs[0].done, bench };
}

const step = (job: JobRecord, id: string) => job.steps.find((s) => s.id === id)!;
const output = (lines: string[]) => lines.filter((l) => !l.startsWith('##[') && !l.startsWith('shell:') && !l.startsWith('  '));

describe('environment files', () => {
  it('reads GITHUB_OUTPUT (both forms), GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY up to 1 MiB', async () => {
    const { run } = await runWorkflow('files.yml');
    const job = run.jobs[0];
    expect(job.outputs).toEqual({ single: 'one value', multi: 'line 1\nline 2' });
    expect(output(step(job, 'read').log)).toEqual(['level=step job=from-job from-step=set by write env-context=set by write', 'tool says hi']);
    expect(step(job, 'read').outputs).toEqual({ echo: 'one value' });
    expect(step(job, 'write').summary).toBe('## Small summary\n');
    // Over 1 MiB the summary is dropped with GitHub's error annotation; the step still succeeds.
    const big = step(job, 'big');
    expect(big.conclusion).toBe('success');
    expect(big.summary).toBeUndefined();
    expect(big.annotations.map((a) => a.message)).toEqual([
      '$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1074k. For more information see: https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-markdown-summary',
    ]);
    expect(step(job, 'exact').summary).toHaveLength(1024 * 1024);
  });
});

describe('step keys and workflow commands', () => {
  it('honours working-directory, continue-on-error, timeout-minutes, shells, and caps shown annotations', async () => {
    const { run } = await runWorkflow('steps.yml');
    const job = run.jobs[0];
    expect(step(job, 'where').outputs).toEqual({ dir: 'sub' });
    expect(step(job, 'deeper').outputs).toEqual({ dir: 'deeper' });
    expect([step(job, 'may-fail').outcome, step(job, 'may-fail').conclusion]).toEqual(['failure', 'success']);
    const slow = step(job, 'slow');
    expect(slow.outcome).toBe('failure');
    expect(slow.annotations[0].message).toMatch(/^The action 'Run sleep 20' has timed out after 0\.01 minutes\.$/);
    expect(step(job, 'skipped').outcome).toBe('skipped');

    const commands = step(job, 'after-failure');
    const errors = commands.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(12);
    expect(errors.filter((a) => a.shown)).toHaveLength(ANNOTATIONS_SHOWN_PER_LEVEL);
    expect(errors[11]).toEqual({ level: 'error', message: 'problem 12', file: 'app.ts', line: 12, shown: false, title: undefined, endLine: undefined, col: undefined, endColumn: undefined });
    expect(commands.annotations.filter((a) => a.level !== 'error').map((a) => [a.level, a.message, a.title, a.shown])).toEqual([['warning', 'just one warning', undefined, true], ['notice', 'a notice', 'Note', true]]);
    expect(commands.log).toEqual(expect.arrayContaining(['##[group]A group', 'inside', '##[endgroup]']));

    // `shell: bash` sets pipefail; the default shell (bash -e) does not.
    expect(step(job, 'pipe').outcome).toBe('failure');
    expect(step(job, 'pipe').log).toContain('shell: bash --noprofile --norc -eo pipefail {0}');
    expect(step(job, 'no-pipefail').outcome).toBe('success');
    expect(step(job, 'no-pipefail').log).toContain('shell: bash -e {0}');

    expect(step(job, 'third-party').annotations[0].message).toBe(
      "Unable to resolve action 'someone/unknown-action@v1': this local runner does not download actions and has no stand-in for it (stand-ins: actions/checkout, actions/download-artifact, actions/setup-node, actions/upload-artifact)",
    );
    expect(step(job, 'old-node').annotations[0].message).toBe("./actions/old-node: runs.using is 'node20'; this runner runs 'node24' JavaScript actions only");
    expect(job.conclusion).toBe('failure');
  });

  it('masks add-mask values and secrets in logs and summaries', async () => {
    const { run } = await runWorkflow('mask.yml', { secrets: { API_TOKEN: 'tok-123-secret' } });
    const show = run.jobs[0].steps[0];
    const text = show.log.join('\n');
    expect(text).toContain('the value is ***');
    expect(text).toContain('the token is ***');
    expect(text).not.toMatch(/generated-\d+-value|tok-123-secret/);
    expect(show.log.some((l) => l.includes('add-mask'))).toBe(false);
    expect(show.summary).toBe('summary has ***\n');
    expect(run.jobs[0].outputs).toEqual({ 'plain-out': 'visible' });
  });
});

describe('the npx shim', () => {
  it("runs the checkout's own package bin with its arguments, starting no Node process to find it", async () => {
    const bench = openBench({ freshRepo: true });
    bench.repo.commit({ 'package.json': '{"name":"fixture-tool","bin":{"fixture-tool":"tool.sh"}}\n', 'tool.sh': '#!/bin/sh\necho "tool: $1 / $2"\n' });
    chmodSync(path.join(bench.repo.dir, 'tool.sh'), 0o755);
    bench.repo.commit({}, 'tool.sh executable');
    const { runs } = await bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'npx-own.yml', sha: bench.repo.sha });
    const run = await runs[0].done;
    const own = step(run.jobs[0], 'own');
    expect([own.conclusion, output(own.log)], own.log.join('\n')).toEqual(['success', ['tool: one / two words']]);
  });
});

describe('actions', () => {
  it('runs a node24 local action with INPUT_* variables, away from node_modules, after the stand-ins', async () => {
    const { run } = await runWorkflow('local-action.yml');
    const job = run.jobs[0];
    const [checkout, setupNode, npmCi] = job.steps;
    expect(checkout.outcome).toBe('success');
    expect(checkout.log.some((l) => l.startsWith('Linked node_modules'))).toBe(true);
    expect(setupNode.outputs['node-version']).toMatch(/^v24\./);
    expect(output(npmCi.log)).toEqual(['npm ci: skipped by the local runner (node_modules is linked from its checkout)']);
    // The workspace resolves the linked dependency; the action's copy cannot.
    expect(job.outputs).toEqual({ resolved: 'no', node: expect.stringMatching(/^v24\./), linked: 'yes' });

    const action = step(job, 'action');
    expect(output(action.log)).toEqual([
      'INPUT_DISPLAY_NAME=Ada',
      'INPUT_DRY-RUN=false',
      'INPUT_GREETING=hello octocat',
      'INPUT_TOKEN=set',
      'INPUT_UNKNOWN-INPUT=x',
    ]);
    expect(action.annotations.map((a) => a.message)).toEqual(["Unexpected input(s) 'unknown-input', valid inputs are ['greeting', 'dry-run', 'display name', 'token']"]);
    expect(action.outputs.cwd).toMatch(/workspace$/);

    const failing = step(job, 'failing');
    expect([failing.outcome, failing.conclusion]).toEqual(['failure', 'success']);
    expect(failing.annotations.map((a) => [a.title, a.message])).toEqual([['echo inputs', 'asked to fail']]);
    expect(job.conclusion).toBe('success');
  });

  it('passes artifacts between jobs through the host', async () => {
    const { run, bench } = await runWorkflow('artifacts.yml');
    expect(run.conclusion).toBe('success');
    expect(run.artifacts.map((a) => a.name)).toEqual(['plan']);
    // Hidden files stay out unless include-hidden-files; paths are relative to the uploaded folder.
    expect(run.jobs.find((j) => j.id === 'consume')?.outputs).toEqual({ content: 'plan+deep+nested plan.md ' });
    const artifact = await bench.host.downloadArtifact(run.id, 'plan');
    expect(artifact?.files.map((f) => f.path).sort()).toEqual(['nested/deep.txt', 'plan.md']);
  });
});
