// docs/parity.md stays true: every witness it lists still exists — a spec operation id in
// Microsoft's specs (for Power BI, one the swagger check still validates; for GitHub, one of
// GitHub's description the emulator serves), a route in the trace replay's in-scope list, a
// replayed @octokit/fixtures scenario, a well-formed Microsoft or GitHub documentation URL, a
// third-party package that a named test still drives — and every "Checked by" test still exists
// under that name. Renaming or deleting a test, or an operation leaving the specs or the checks,
// fails here.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFabricSpec, loadPowerBiSpec } from '../../src/spec/index.ts';
import { startGithub } from '../../src/github/index.ts';
import { REPLAY_IN_SCOPE } from '../support/fabric-replay.ts';
import { REPLAYED } from '../github/support/replayed.ts';
import { githubSpec } from '../github/support/spec.ts';
import { itWithSpecs, SPECS_DIR } from '../support/specs.ts';

const ROOT = join(import.meta.dirname, '../../..');
const PARITY = join(ROOT, 'docs', 'parity.md');
const POWERBI_SPEC_TEST = join(ROOT, 'emulators', 'test', 'powerbi', 'spec.test.ts');

/** The Power BI operations emulators/test/powerbi/spec.test.ts validates (its COVERED list). */
function powerBiOperationsValidated(): Set<string> {
  const list = /const COVERED = \[([\s\S]*?)\];/.exec(readFileSync(POWERBI_SPEC_TEST, 'utf8'));
  return new Set([...(list?.[1] ?? '').matchAll(/'([A-Za-z]+_[A-Za-z]+)'/g)].map((m) => m[1]));
}

/**
 * `client: <package> (<test ref>)`: the test exists and its file still names the package in an
 * import (quoted), and the package is installed — so an unmodified third-party client really runs.
 */
function clientProblem(value: string): string | undefined {
  const m = /^(\S+) \(((?:emulators\/)?test\/\S+\.test\.ts › .+)\)$/.exec(value);
  if (!m) return `"${value}" is not "<package> ([emulators/]test/<file>.test.ts › <test name>)"`;
  const [, pkg, ref] = m;
  const missing = testExists(ref);
  if (missing) return missing;
  if (!existsSync(join(ROOT, 'node_modules', pkg, 'package.json'))) return `${pkg} is not installed`;
  const file = ref.split(' › ')[0];
  return readFileSync(join(ROOT, file), 'utf8').includes(`'${pkg}'`) ? undefined : `${file} does not import ${pkg}`;
}

interface Row {
  line: number;
  /** The `## ` heading the row is under, e.g. `Power BI REST (...)`. */
  section: string;
  behaviour: string;
  witnesses: string[];
  checkedBy: string[];
}

/** The table rows of docs/parity.md (header and separator lines excluded). */
function parseParity(text: string): Row[] {
  const rows: Row[] = [];
  let section = '';
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('## ')) section = line.slice(3);
    if (!line.startsWith('|') || /^\|\s*-/.test(line) || /^\|\s*Behaviour\s*\|/.test(line)) return;
    // Split on unescaped pipes (a behaviour may write `\|`).
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
    if (cells.length !== 3) throw new Error(`docs/parity.md:${i + 1}: a row needs 3 cells, found ${cells.length}`);
    const split = (cell: string) => cell.split('<br>').map((s) => s.trim()).filter(Boolean);
    rows.push({ line: i + 1, section, behaviour: cells[0], witnesses: split(cells[1]), checkedBy: split(cells[2]).map((s) => s.replace(/^`|`$/g, '')) });
  });
  return rows;
}

function isGithubRow(row: Row): boolean {
  return row.section.startsWith('GitHub');
}

/** GitHub's operation ids for the routes the GitHub emulator serves (its `/repositories/{id}` twins are the same operations). */
async function githubOperationsServed(): Promise<Set<string>> {
  const spec = githubSpec();
  const github = await startGithub();
  try {
    const ids = github.routes().map((r) => spec.findOperation(r.method, r.path.replace('/repositories/{repository_id}', '/repos/{owner}/{repo}'))?.operationId);
    return new Set(ids.filter((id): id is string => id !== undefined));
  } finally {
    await github.stop();
  }
}

function testExists(ref: string): string | undefined {
  const m = /^((?:emulators\/)?test\/\S+\.test\.ts) › (.+)$/.exec(ref);
  if (!m) return `"${ref}" is not "[emulators/]test/<file>.test.ts › <test name>"`;
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
    expect(text).toContain('<!-- PARITY:GITHUB');
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

  itWithSpecs('lists only witnesses that exist', () => {
    const fabric = loadFabricSpec(SPECS_DIR);
    const powerbi = loadPowerBiSpec(SPECS_DIR);
    const inScope = new Set(Object.keys(REPLAY_IN_SCOPE));
    const validated = powerBiOperationsValidated();
    const problems: string[] = [];
    for (const r of rows.filter((row) => !isGithubRow(row))) {
      for (const w of r.witnesses) {
        const [kind, ...rest] = w.split(':');
        const value = rest.join(':').trim();
        if (w.startsWith('*choice*')) continue;
        // Operation ids are looked up in the spec of the row's own service (both specs have a Gateways_GetGateway).
        const powerBiRow = r.section.startsWith('Power BI');
        if (kind === 'spec' && powerBiRow && !powerbi.operation(value)) problems.push(`line ${r.line}: no Power BI spec operation ${value}`);
        else if (kind === 'spec' && powerBiRow && !validated.has(value)) problems.push(`line ${r.line}: ${value} is not validated by emulators/test/powerbi/spec.test.ts`);
        else if (kind === 'spec' && !powerBiRow && !fabric.operation(value) && !powerbi.operation(value)) problems.push(`line ${r.line}: no spec operation ${value}`);
        else if (kind === 'replay' && !inScope.has(value)) problems.push(`line ${r.line}: ${value} is not in the replay's in-scope list`);
        else if (kind === 'doc' && !/^https:\/\/learn\.microsoft\.com\/\S+$/.test(value)) problems.push(`line ${r.line}: ${value} is not a Microsoft Learn URL`);
        else if (kind === 'client' && clientProblem(value) !== undefined) problems.push(`line ${r.line}: client witness ${clientProblem(value)}`);
        else if (!['spec', 'replay', 'doc', 'client'].includes(kind)) problems.push(`line ${r.line}: unknown witness kind in "${w}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists only witnesses of the GitHub rows that exist, citing every operation the GitHub emulator serves', async () => {
    const spec = githubSpec();
    const served = await githubOperationsServed();
    const problems: string[] = [];
    const cited = new Set<string>();
    for (const r of rows.filter(isGithubRow)) {
      for (const w of r.witnesses) {
        if (w.startsWith('*choice*')) continue;
        const [kind, ...rest] = w.split(':');
        const value = rest.join(':').trim();
        if (kind === 'spec') cited.add(value);
        if (kind === 'spec' && !spec.operation(value)) problems.push(`line ${r.line}: no operation ${value} in GitHub's description`);
        else if (kind === 'spec' && !served.has(value)) problems.push(`line ${r.line}: the GitHub emulator does not serve ${value}, so the conformance test does not check it`);
        else if (kind === 'fixture' && !(value in REPLAYED)) problems.push(`line ${r.line}: ${value} is not a scenario the replay test replays`);
        else if (kind === 'doc' && !/^https:\/\/docs\.github\.com\/en\/\S+$/.test(value)) problems.push(`line ${r.line}: ${value} is not a docs.github.com URL`);
        else if (kind === 'client' && clientProblem(value) !== undefined) problems.push(`line ${r.line}: client witness ${clientProblem(value)}`);
        else if (!['spec', 'fixture', 'doc', 'client'].includes(kind)) problems.push(`line ${r.line}: unknown witness kind in "${w}"`);
      }
    }
    expect(problems).toEqual([]);
    expect([...served].filter((id) => !cited.has(id))).toEqual([]);
    // Loads GitHub's description and starts the emulator: seconds on a busy machine.
  }, 60_000);

  it('cites every Power BI operation the swagger check validates', () => {
    const validated = powerBiOperationsValidated();
    expect(validated.size).toBeGreaterThan(40);
    const cited = new Set(rows.filter((r) => r.section.startsWith('Power BI')).flatMap((r) => r.witnesses).filter((w) => w.startsWith('spec:')).map((w) => w.slice(5).trim()));
    expect([...validated].filter((id) => !cited.has(id))).toEqual([]);
  });
});
