// Which workflows an event starts: branch and path filters, activity types, dispatch inputs.
import { describe, expect, it } from 'vitest';
import { DispatchInputError, type RepositoryEvent } from '../../dev/runner/index.ts';
import { matchesPattern, matchesPatternList } from '../../dev/runner/filter-patterns.ts';
import { resolveDispatchInputs } from '../../dev/runner/triggers.ts';
import { setupBenches } from './fixture-repo.ts';

const openBench = setupBenches();

describe('filter patterns (GitHub cheat sheet)', () => {
  it.each([
    ['src/a.ts', 'src/*', true],
    ['src/a/b.ts', 'src/*', false],
    ['src/a/b.ts', 'src/**', true],
    ['README.md', '**/README.md', true],
    ['docs/README.md', '**/README.md', true],
    ['feature/x', 'feature/*', true],
    ['releases/v1', 'releases/v?1', true],
    ['releases/1', 'releases/v?1', true],
    ['v1.0.0', 'v[12].[0-9]+.[0-9]+', true],
    ['v10.0.0', 'v[12].[0-9]+.[0-9]+', false],
    ['app.js', '*.js', true],
    ['lib/app.js', '*.js', false],
    ['lib/app.js', '**.js', true],
  ])('%s against %s is %s', (value, pattern, expected) => {
    expect(matchesPattern(value, pattern)).toBe(expected);
  });

  it('lets a later ! pattern exclude and a later pattern include again', () => {
    const list = ['src/**', '!src/docs/**', 'src/docs/keep.md'];
    expect(matchesPatternList('src/a.ts', list)).toBe(true);
    expect(matchesPatternList('src/docs/a.md', list)).toBe(false);
    expect(matchesPatternList('src/docs/keep.md', list)).toBe(true);
  });
});

describe('push and pull_request filters', () => {
  /** Why paths.yml does not run for the event, or undefined when it does. */
  const reason = async (bench: ReturnType<typeof openBench>, event: RepositoryEvent) => {
    const { workflows, skipped } = await bench.runner.plan(event);
    if (workflows.some((w) => w.path.endsWith('/paths.yml'))) return undefined;
    return skipped.find((s) => s.workflow.endsWith('/paths.yml'))?.reason;
  };
  const push = (changedFiles: string[], ref = 'refs/heads/main'): RepositoryEvent => ({ name: 'push', payload: { ref }, changedFiles });
  const pr = (action: string, changedFiles: string[]): RepositoryEvent =>
    ({ name: 'pull_request', payload: { action, number: 7, pull_request: { number: 7, base: { ref: 'main' }, head: { ref: 'topic' } } }, changedFiles });

  it('runs a workflow when a changed file matches paths, not when every match is negated', async () => {
    const bench = openBench();
    const hit = await bench.runner.dispatch(push(['README.md', 'src/app.ts']));
    expect(hit.runs.map((r) => r.record.workflow.name)).toEqual(['paths']);
    const run = await hit.runs[0].done;
    expect(run.conclusion).toBe('success');
    expect(run.jobs[0].steps[0].log).toContain('hello from push on refs/heads/main');

    expect(await reason(bench, push(['README.md']))).toMatch(/no changed file matches paths/);
    expect(await reason(bench, push(['src/docs/guide.md']))).toMatch(/no changed file matches paths/);
    expect(await reason(bench, push(['src/app.ts'], 'refs/heads/release/2026/05'))).toBeUndefined();
    expect(await reason(bench, push(['src/app.ts'], 'refs/heads/feature'))).toMatch(/branch 'feature' does not match/);
    // Only branch filters: a tag push does not run it.
    expect(await reason(bench, push(['src/app.ts'], 'refs/tags/v1'))).toMatch(/only branch pushes/);
    // Only the first 300 changed files count.
    expect(await reason(bench, push([...Array.from({ length: 300 }, (_, i) => `other/${i}.txt`), 'src/late.ts']))).toMatch(/no changed file/);
  });

  it('runs pull_request for its types only and honours paths-ignore', async () => {
    const bench = openBench();
    const opened = await bench.runner.dispatch(pr('opened', ['docs/a.md', 'src/b.ts']));
    expect(opened.runs).toHaveLength(1);
    expect(opened.runs[0].record.ref).toBe('refs/pull/7/merge');
    expect(await reason(bench, pr('labeled', ['src/b.ts']))).toBeUndefined();
    expect(await reason(bench, pr('synchronize', ['src/b.ts']))).toMatch(/not one of opened, labeled/);
    expect(await reason(bench, pr('opened', ['docs/a.md', 'NOTES.md']))).toMatch(/every changed file matches paths-ignore/);
  });

  it('asks for the changed files when a workflow filters on paths', async () => {
    const bench = openBench();
    await expect(bench.runner.dispatch({ name: 'push', payload: { ref: 'refs/heads/main' } })).rejects.toThrow(/changed files/);
  });
});

describe('schedule and repository_dispatch', () => {
  it('runs a scheduled workflow for one of its crons, and repository_dispatch for its types', async () => {
    const bench = openBench();
    const names = async (event: RepositoryEvent) => (await bench.runner.plan(event)).workflows.map((w) => w.name);
    expect(await names({ name: 'schedule', schedule: '0 12 * * 1' })).toEqual(['scheduled']);
    expect(await names({ name: 'schedule', schedule: '0 0 * * *' })).toEqual([]);
    expect(await names({ name: 'repository_dispatch', payload: { action: 'nightly' } })).toEqual(['scheduled']);
    expect(await names({ name: 'repository_dispatch', payload: { action: 'other' } })).toEqual([]);
    const { runs } = await bench.runner.dispatch({ name: 'schedule', schedule: '17 5 * * *' });
    const run = await runs[0].done;
    expect(run.jobs[0].steps[0].log).toContain('schedule=17 5 * * * action=');
  });
});

describe('workflow_dispatch inputs', () => {
  const config = {
    inputs: {
      tenant: { type: 'string', required: false, default: '' },
      what: { type: 'choice', options: ['models', 'both'], default: 'models' },
      wait: { type: 'boolean', default: true },
      who: { type: 'string', required: true },
    },
  } as unknown as Parameters<typeof resolveDispatchInputs>[0];

  it('applies defaults and types booleans for the inputs context, strings for the event', () => {
    const { typed, strings } = resolveDispatchInputs(config, { who: 'ada' });
    expect(typed).toEqual({ tenant: '', what: 'models', wait: true, who: 'ada' });
    expect(strings).toEqual({ tenant: '', what: 'models', wait: 'true', who: 'ada' });
  });

  it('refuses what the REST API refuses', () => {
    expect(() => resolveDispatchInputs(config, {})).toThrow(new DispatchInputError("Required input 'who' not provided"));
    expect(() => resolveDispatchInputs(config, { who: 'a', what: 'all' })).toThrow(/not in the list of allowed values/);
    expect(() => resolveDispatchInputs(config, { who: 'a', wait: 'maybe' })).toThrow(/not a boolean/);
    expect(() => resolveDispatchInputs(config, { who: 'a', extra: '1' })).toThrow('Unexpected inputs provided: ["extra"]');
  });

  it('refuses a dispatch of a workflow without the trigger', async () => {
    const bench = openBench();
    await expect(bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'paths.yml' })).rejects.toThrow(/does not have 'workflow_dispatch' trigger/);
    await expect(bench.runner.dispatch({ name: 'workflow_dispatch', workflow: 'needs.yml', inputs: { nope: '1' } })).rejects.toThrow('Unexpected inputs provided: ["nope"]');
  });
});
