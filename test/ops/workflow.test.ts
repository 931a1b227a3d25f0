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
