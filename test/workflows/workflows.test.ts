// The workflows are tested, not just linted: GitHub's own parser validates each one, every
// `uses: ./actions/x` step is checked against that action's inputs, every `npx tenantops` call
// against the CLI's commands and flags, and every step that talks to live services is given every
// secret the platform and the tenants name (in its own env: hygiene.test.ts keeps them there).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../src/cli/commands/index.ts';
import { loadInputs } from '../../src/run/index.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = path.join(root, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface Job { steps?: Step[]; env?: Record<string, string>; environment?: string }
interface Workflow { on: unknown; env?: Record<string, string>; jobs: Record<string, Job> }

const workflows = files.map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8'), data: parse(readFileSync(path.join(dir, file), 'utf8')) as Workflow }));

function actionInputs(name: string): Record<string, { required?: boolean; default?: unknown }> {
  const action = parse(readFileSync(path.join(root, 'actions', name, 'action.yml'), 'utf8')) as { inputs?: Record<string, { required?: boolean; default?: unknown }>; runs: { using: string; main: string } };
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  return action.inputs ?? {};
}

describe.each(workflows)('$file', ({ file, text, data }) => {
  it("parses with GitHub's workflow parser, without errors", async () => {
    const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(result.context, result.value!);
    expect(template.errors ?? []).toEqual([]);
  });

  const steps = Object.entries(data.jobs).flatMap(([job, j]) => (j.steps ?? []).map((s) => ({ job, ...s })));

  it('calls local actions only with inputs they declare, and with every required one', () => {
    for (const step of steps.filter((s) => s.uses?.startsWith('./actions/'))) {
      const inputs = actionInputs(step.uses!.slice('./actions/'.length));
      for (const key of Object.keys(step.with ?? {})) expect(Object.keys(inputs), `${step.job}: ${step.uses} has no input "${key}"`).toContain(key);
      for (const [key, input] of Object.entries(inputs)) {
        if (input.required && input.default === undefined) expect(Object.keys(step.with ?? {}), `${step.job}: ${step.uses} needs "${key}"`).toContain(key);
      }
    }
  });

  it('runs only tenantops commands and flags that exist', () => {
    for (const step of steps.filter((s) => s.run?.includes('npx tenantops'))) {
      for (const match of step.run!.matchAll(/npx tenantops ([a-z][a-z-]*(?: [a-z]+)?)((?: [^|;&>\n]*)?)/g)) {
        const words = match[1].split(' ');
        const cmd = commands.find((c) => c.name === match[1]) ?? commands.find((c) => c.name === words[0]);
        expect(cmd, `${step.job}: no command "${match[1]}"`).toBeDefined();
        for (const flagName of match[2].matchAll(/--([a-z][a-z-]*)/g)) {
          expect([...Object.keys(cmd!.options), 'root', 'help'], `${step.job}: tenantops ${cmd!.name} has no --${flagName[1]}`).toContain(flagName[1]);
        }
      }
    }
  });
});

/** `npx tenantops` commands that read live services (the others read git, files or GitHub only). */
const ONLINE = /npx tenantops (plan|apply|verify|refresh|migrate|gate|go-live|drift|ops run|dashboard)\b|npx tenantops pr-plan (?![^\n]*--offline)/;

describe('secrets reach every step that talks to live services', () => {
  it('names every secret of platform.yaml and the tenant files in each such step', async () => {
    const { inputs } = await loadInputs(root);
    const p = inputs!.platform;
    const secrets = new Set<string>([
      p.registry.urlSecret,
      'TENANTOPS_ENCRYPTION_KEY',
      ...Object.values(p.clusters).map((c) => c.adminSecret),
      ...Object.values(p.credentialProfiles).flatMap((c) => (c.clientSecretSecret ? [c.clientSecretSecret] : [])),
      ...Object.values(p.dns.credentials ?? {}),
      ...inputs!.tenants.flatMap((t) => [t.config.database.connectionSecret, t.config.database.biConnectionSecret].filter((s): s is string => Boolean(s))),
    ]);
    let checked = 0;
    for (const { file, data: wf } of workflows) {
      for (const [name, job] of Object.entries(wf.jobs)) {
        for (const step of job.steps ?? []) {
          if (!step.uses?.startsWith('./actions/') && !ONLINE.test(step.run ?? '')) continue;
          checked++;
          expect(job.environment, `${file} job ${name} talks to live services without an environment`).toBeDefined();
          for (const secret of secrets) expect(step.env?.[secret], `${file} job ${name} step ${step.uses ?? step.run} lacks ${secret}`).toBe(`\${{ secrets.${secret} }}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(8);
  });
});

describe('the parser check itself', () => {
  it('rejects a workflow GitHub would reject', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz:\n      - run: echo ${{ github.event.before\n';
    const result = parseWorkflow({ name: 'broken.yml', content: broken }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().length).toBeGreaterThan(0);
  });
});
