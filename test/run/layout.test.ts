// The layout rules of DESIGN.md, checked on the source: a file reaches another folder of src/
// only through that folder's index.ts, capabilities never import the run layer, and no import
// cycle exists (type imports, re-exports and import() count: they tie modules together too).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', '..', 'src');
const CAPABILITIES = ['db', 'powerbi', 'fabric', 'dns'];
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|import\s+['"](\.[^'"]+)['"]/g;

function sourceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.relative(SRC, path.join(entry.parentPath, entry.name));
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => path.relative(SRC, path.resolve(SRC, path.dirname(file), m[1] ?? m[2] ?? m[3])));
    // Files outside src/ (the JSON Schemas at the repository root) are data, not modules.
    graph.set(file, targets.filter((t) => !t.startsWith('..')));
  }
  return graph;
}

const folderOf = (file: string) => file.split(path.sep)[0];

/** Strongly connected components of more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do component.push((w = stack.pop()!));
    while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the layout of src/', () => {
  const graph = sourceGraph();
  const crossings = [...graph].flatMap(([file, targets]) => targets.filter((t) => folderOf(t) !== folderOf(file)).map((t) => ({ file, target: t })));

  it('reaches another folder only through its index.ts', () => {
    expect(crossings.filter(({ target }) => target !== path.join(folderOf(target), 'index.ts')).map(({ file, target }) => `${file} -> ${target}`)).toEqual([]);
  });

  it('keeps the capabilities from importing the run layer', () => {
    expect(crossings.filter(({ file, target }) => CAPABILITIES.includes(folderOf(file)) && folderOf(target) === 'run').map(({ file }) => file)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
