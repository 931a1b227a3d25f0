// `plan --offline` of a fleet is written as it is made — the header, then one tenant's section per
// write — never as one string of the whole plan, and reads byte for byte as the plan held whole
// renders it. How much memory that saves is a benchmark figure (validate-plan-10000), not a test.
import { rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepository } from '../../bench/fleet-files.ts';
import { runCli } from '../../src/cli/main.ts';
import { renderPlanMarkdown, renderPlanText } from '../../src/plan/index.ts';
import { KIND_LABELS, loadValidInputs, planTenants } from '../../src/run/index.ts';
import { cli } from '../support/cli.ts';

/** A stdout that keeps every write apart, as the command made it. */
function recordingStream(): Writable & { writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      writes.push(chunk);
      done();
    },
  });
  return Object.assign(stream, { writes });
}

describe('plan --offline of a fleet', () => {
  const roots: string[] = [];
  beforeAll(async () => {
    roots.push(await generateRepository(7), await generateRepository(1000));
  });
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('prints every format byte for byte as the plan held whole renders it', async () => {
    const root = roots[0];
    const held = await planTenants(await loadValidInputs(root), { offline: true });
    const expected = {
      '--json': JSON.stringify(held, null, 2),
      '--markdown': renderPlanMarkdown(held, { labels: KIND_LABELS }),
      '--text': renderPlanText(held),
    };
    for (const [format, text] of Object.entries(expected)) {
      const r = await cli(['plan', '--offline', ...(format === '--text' ? [] : [format]), '--root', root]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, format).toBe(text + '\n');
    }
  });

  it('writes 1,000 tenants one section at a time, after a header that already has the hash and totals', async () => {
    const stdout = recordingStream();
    const stderr = recordingStream();
    const code = await runCli(['plan', '--offline', '--markdown', '--root', roots[1]], { stdout, stderr, env: { NO_COLOR: '1' }, cwd: roots[1] });
    expect(code, stderr.writes.join('')).toBe(0);
    const [header, ...sections] = stdout.writes;
    expect(header).toMatch(/^## tenantops plan `[0-9a-f]{12}`\n[\s\S]*1000 of 1000 tenant\(s\) change: \d+ to create\.\nPlan hash: `[0-9a-f]{64}`\n\n$/);
    expect(sections).toHaveLength(1000);
    // Each write is exactly one tenant's section, in plan order: the whole plan is never one string.
    sections.forEach((s, i) => expect(s.match(/^### /gm), `write ${i + 1}`).toEqual(['### ']));
    expect(sections.map((s) => /^### (\S+):/.exec(s)![1])).toEqual(Array.from({ length: 1000 }, (_, i) => `tenant-${String(i).padStart(5, '0')}`));
  });
});
