// The step runner the three actions share: the common inputs read once and typed from the
// runner's INPUT_* variables, outputs and the job summary written through @actions/core's files,
// and reported failures raised only after both.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EnvironmentError } from '../../src/errors/index.ts';
import { getBooleanInput, getCountInput, getListInput, readActionStepInputs, runActionStep } from '../../src/github/index.ts';

/** Inputs as the runner passes them: `INPUT_<NAME>`, upper-cased, hyphens kept. */
function stubInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the common inputs', () => {
  it('reads them once, typed: root from platform-config, mode defaulting to the first, force false when empty', () => {
    vi.stubEnv('GITHUB_WORKSPACE', path.join(tmpdir(), 'checkout'));
    vi.stubEnv('GITHUB_ACTOR', 'octocat');
    vi.stubEnv('GITHUB_RUN_ID', '42');
    stubInputs({ 'platform-config': 'ops/platform.yaml', tenant: 'acme-training', 'plan-hash': 'abc', mode: '', force: '' });
    expect(readActionStepInputs({ modes: ['plan', 'apply'] })).toMatchObject({
      root: path.join(tmpdir(), 'checkout', 'ops'),
      tenant: 'acme-training',
      mode: 'plan',
      planHash: 'abc',
      force: false,
      actor: 'github:octocat',
      githubRun: '42',
    });
  });

  it('takes YAML booleans for force and refuses anything else, naming the input', () => {
    stubInputs({ force: 'True' });
    expect(readActionStepInputs({ modes: ['plan'] }).force).toBe(true);
    stubInputs({ force: 'yes' });
    expect(() => getBooleanInput('force')).toThrow(new EnvironmentError('input "force" is "yes"; allowed: true, false'));
  });

  it('refuses a mode the action does not have, and a missing tenant where one is required', () => {
    stubInputs({ mode: 'verify' });
    expect(() => readActionStepInputs({ modes: ['plan', 'apply'] })).toThrow(/input "mode" is "verify"; allowed: plan, apply/);
    stubInputs({ mode: 'plan', tenant: '' });
    expect(() => readActionStepInputs({ modes: ['plan', 'apply'], tenantRequired: true })).toThrow(/input "tenant" is required/);
  });

  it('reads counts and lists', () => {
    stubInputs({ concurrency: '', reports: ' Operations , ,Finance' });
    expect(getCountInput('concurrency', 8)).toBe(8);
    expect(getListInput('reports')).toEqual(['Operations', 'Finance']);
    stubInputs({ concurrency: '0' });
    expect(() => getCountInput('concurrency', 8)).toThrow(/positive whole number/);
  });
});

describe('runActionStep', () => {
  it('writes the outputs and the summary, then fails the step with what the body reported', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tenantops-step-'));
    const exitCode = process.exitCode;
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await writeFile(path.join(dir, 'outputs'), '');
      await writeFile(path.join(dir, 'summary.md'), '');
      vi.stubEnv('GITHUB_OUTPUT', path.join(dir, 'outputs'));
      vi.stubEnv('GITHUB_STEP_SUMMARY', path.join(dir, 'summary.md'));
      stubInputs({ mode: 'apply', tenant: 'acme-training' });
      let seen: unknown;
      await runActionStep({ modes: ['plan', 'apply'] }, async (step) => {
        seen = step.mode;
        return { outputs: { applied: 3, 'plan-hash': 'abc' }, summary: '### done', failures: [{ key: 'acme-training db/store', error: new Error('refused') }] };
      });
      expect(seen).toBe('apply');
      expect(await readFile(path.join(dir, 'outputs'), 'utf8')).toMatch(/^applied<<.+\n3\n/m);
      expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toContain('### done');
      expect(process.exitCode).toBe(1);
      expect(stdout.mock.calls.map((c) => String(c[0])).join('')).toContain('acme-training db/store');
    } finally {
      stdout.mockRestore();
      process.exitCode = exitCode;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
