// GitHub reads crons from the workflow only, so the operations workflow must list each sequence's
// schedule (and offer each sequence on dispatch); and `ops list --schedule` hands the scheduled
// job exactly the sequences of the cron that fired.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadOperations } from '../../src/ops/index.ts';
import { loadValidInputs, operationContext } from '../../src/run/index.ts';
import { cli } from '../support/cli.ts';
import { repoRoot } from '../support/repo.ts';

const workflowText = readFileSync(path.join(repoRoot, '.github', 'workflows', 'operations.yml'), 'utf8');
const workflow = parse(workflowText) as { on: { schedule: { cron: string }[]; workflow_dispatch: { inputs: { sequence: { options: string[] } } } } };
const { operations } = await loadOperations(repoRoot, operationContext(await loadValidInputs(repoRoot)));
const tmp = mkdtempSync(path.join(tmpdir(), 'tenantops-ops-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the operations workflow is in step with operations/', () => {
  it("lists every sequence's schedule in on.schedule, named in its comment, and no other cron", () => {
    const scheduled = operations.filter((o) => o.sequence.schedule);
    expect(scheduled.length).toBeGreaterThan(0);
    expect(workflow.on.schedule.map((s) => s.cron).sort()).toEqual([...new Set(scheduled.map((o) => o.sequence.schedule!))].sort());
    for (const o of scheduled) expect(workflowText).toContain(`- cron: '${o.sequence.schedule}' # ${o.sequence.name}`);
  });

  it('offers every sequence on workflow_dispatch', () => {
    expect(workflow.on.workflow_dispatch.inputs.sequence.options).toEqual(operations.map((o) => o.sequence.name));
  });

  it('ops list --schedule hands the job the sequences of that cron as a step output', async () => {
    const output = path.join(tmp, 'output');
    const { code, stderr } = await cli(['ops', 'list', '--schedule', '0 5 * * *'], repoRoot, { GITHUB_OUTPUT: output });
    expect(code, stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toMatch(/^sequences<<(tenantops_[0-9a-f]+)\n\["daily-refresh"\]\n\1\n$/);
  });
});

describe('the editor tasks', () => {
  // tasks.json is JSONC: whole-line comments only, by this file's own convention.
  const tasks = JSON.parse(readFileSync(path.join(repoRoot, '.vscode', 'tasks.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
    tasks: { label: string; command: string }[];
    inputs: { id: string; options?: string[] }[];
  };

  it('cover validate, the offline plan, starting the sandbox and running a sequence against it', () => {
    const commands = tasks.tasks.map((t) => t.command);
    expect(commands).toEqual(expect.arrayContaining([
      expect.stringContaining('npx tenantops validate'),
      'npx tenantops plan --offline',
      'npm start -- --keep',
      'npx tenantops ops run ${input:sequence} --sandbox',
    ]));
  });

  it('call only tenantops commands and flags that exist, and offer every sequence', async () => {
    const { commands } = await import('../../src/cli/commands/index.ts');
    const { SANDBOX_COMMANDS } = await import('../../src/cli/sandbox-flag.ts');
    for (const task of tasks.tasks) {
      for (const m of task.command.matchAll(/npx tenantops ([a-z][a-z-]*(?: [a-z]+)?)((?: [^&|;\n]*)?)/g)) {
        const cmd = commands.find((c) => c.name === m[1]) ?? commands.find((c) => c.name === m[1].split(' ')[0]);
        expect(cmd, `${task.label}: no command "${m[1]}"`).toBeDefined();
        const allowed = [...Object.keys(cmd!.options), 'root', 'help', ...(SANDBOX_COMMANDS.includes(cmd!.name) ? ['sandbox'] : [])];
        for (const f of m[2].matchAll(/--([a-z][a-z-]*)/g)) expect(allowed, `${task.label}: tenantops ${cmd!.name} has no --${f[1]}`).toContain(f[1]);
      }
    }
    expect(tasks.inputs.find((i) => i.id === 'sequence')?.options).toEqual(operations.map((o) => o.sequence.name));
  });
});
