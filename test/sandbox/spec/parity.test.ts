// docs/parity.md stays true: every witness it lists still exists — a spec operation id in
// Microsoft's specs, a route in the trace replay's in-scope list, a well-formed Microsoft
// documentation URL, a named client test — and every "Checked by" test still exists under that
// name. Renaming or deleting a test, or an operation leaving the specs, fails here.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFabricSpec, loadPowerBiSpec, specsAvailable } from '../../../src/sandbox/spec/index.ts';
import { REPLAY_IN_SCOPE } from '../fabric/support/replay.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const PARITY = join(ROOT, 'docs', 'parity.md');

interface Row {
  line: number;
  behaviour: string;
  witnesses: string[];
  checkedBy: string[];
}

/** The table rows of docs/parity.md (header and separator lines excluded). */
function parseParity(text: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line.startsWith('|') || /^\|\s*-/.test(line) || /^\|\s*Behaviour\s*\|/.test(line)) return;
    // Split on unescaped pipes (a behaviour may write `\|`).
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
    if (cells.length !== 3) throw new Error(`docs/parity.md:${i + 1}: a row needs 3 cells, found ${cells.length}`);
    const split = (cell: string) => cell.split('<br>').map((s) => s.trim()).filter(Boolean);
    rows.push({ line: i + 1, behaviour: cells[0], witnesses: split(cells[1]), checkedBy: split(cells[2]).map((s) => s.replace(/^`|`$/g, '')) });
  });
  return rows;
}

function testExists(ref: string): string | undefined {
  const m = /^(test\/\S+\.test\.ts) › (.+)$/.exec(ref);
  if (!m) return `"${ref}" is not "test/<file>.test.ts › <test name>"`;
  const file = join(ROOT, m[1]);
  if (!existsSync(file)) return `${m[1]} does not exist`;
  const source = readFileSync(file, 'utf8').replace(/\\'/g, "'");
  return source.includes(`'${m[2]}'`) || source.includes(`"${m[2]}"`) || source.includes(`\`${m[2]}\``) ? undefined : `${m[1]} has no test named "${m[2]}"`;
}

describe('docs/parity.md', () => {
  const text = readFileSync(PARITY, 'utf8');
  const rows = parseParity(text);

  it('keeps the marked places for the Power BI and Entra rows', () => {
    expect(text).toContain('<!-- PARITY:POWERBI');
    expect(text).toContain('<!-- PARITY:ENTRA');
    expect(rows.length).toBeGreaterThan(30);
  });

  it('names a witness (or says it is a choice) and a test for every behaviour', () => {
    const bad = rows.filter((r) => r.witnesses.length === 0 || r.checkedBy.length === 0).map((r) => `line ${r.line}: ${r.behaviour}`);
    expect(bad).toEqual([]);
  });

  it('lists only "Checked by" tests that exist', () => {
    const missing = rows.flatMap((r) => r.checkedBy.map((ref) => testExists(ref)).filter(Boolean).map((why) => `line ${r.line}: ${why}`));
    expect(missing).toEqual([]);
  });

  it.skipIf(!specsAvailable())('lists only witnesses that exist', () => {
    const fabric = loadFabricSpec();
    const powerbi = loadPowerBiSpec();
    const inScope = new Set(Object.keys(REPLAY_IN_SCOPE));
    const problems: string[] = [];
    for (const r of rows) {
      for (const w of r.witnesses) {
        const [kind, ...rest] = w.split(':');
        const value = rest.join(':').trim();
        if (w.startsWith('*choice*')) continue;
        if (kind === 'spec' && !fabric.operation(value) && !powerbi.operation(value)) problems.push(`line ${r.line}: no spec operation ${value}`);
        else if (kind === 'replay' && !inScope.has(value)) problems.push(`line ${r.line}: ${value} is not in the replay's in-scope list`);
        else if (kind === 'doc' && !/^https:\/\/learn\.microsoft\.com\/\S+$/.test(value)) problems.push(`line ${r.line}: ${value} is not a Microsoft Learn URL`);
        else if (kind === 'client' && testExists(value) !== undefined) problems.push(`line ${r.line}: client witness ${testExists(value)}`);
        else if (!['spec', 'replay', 'doc', 'client'].includes(kind)) problems.push(`line ${r.line}: unknown witness kind in "${w}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});
