// Reading the catalog's YAML files as positioned nodes, so every problem becomes a finding at the
// exact line and column of the offending key or value. The tree is walked, never converted to
// plain objects, which also means aliases are refused instead of expanded.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Finding } from '../errors/index.ts';

export interface YamlSource {
  file: string;
  lineCounter: LineCounter;
  /** The top-level node, or undefined when the file had no usable content (a finding says why). */
  root: Node | undefined;
  findings: Finding[];
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const src: YamlSource = { file, lineCounter, root: undefined, findings: [] };
  let broken = false;
  for (const err of doc.errors) {
    if (err.code === 'DUPLICATE_KEY') {
      const key = (/^[^:\n]*/.exec(text.slice(err.pos[0]))?.[0] ?? '').trim();
      addFinding(src, err.pos[0], `duplicate key ${JSON.stringify(key)}; allowed: each key once in a mapping`);
    } else if (err.code === 'MULTIPLE_DOCS') {
      broken = true;
      addFinding(src, err.pos[0], 'the file holds more than one YAML document ("---"); allowed: exactly one');
    } else {
      broken = true;
      addFinding(src, err.pos[0], `invalid YAML (${err.code}): ${err.message.replace(/\s+/g, ' ').trim()}; allowed: plain YAML block mappings and lists`);
    }
  }
  // A syntax error leaves a partial tree; walking it would only add confusing follow-on findings.
  if (broken) return src;
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    addFinding(src, 0, 'the file is empty; allowed: a mapping as described in its header comment');
    return src;
  }
  src.root = doc.contents as Node;
  return src;
}

export function addFinding(src: YamlSource, at: Node | number, message: string): void {
  const offset = typeof at === 'number' ? at : (at.range?.[0] ?? 0);
  const { line, col } = src.lineCounter.linePos(offset);
  src.findings.push({ file: src.file, line, col, message });
}

/** The 1-based line of a node, for `TemplateReport.line`. */
export function lineOf(src: YamlSource, node: Node): number {
  return src.lineCounter.linePos(node.range?.[0] ?? 0).line;
}

export interface MappingEntry {
  key: Node;
  value: Node | null;
}

/**
 * Checks that `node` is a mapping with only the allowed keys and every required one; returns its
 * entries by key, or undefined (with a finding) when it is not a mapping.
 */
export function readMapping(
  src: YamlSource,
  node: Node | null | undefined,
  what: string,
  keys: { required: readonly string[]; optional?: readonly string[] },
  parent?: Node | number,
): Map<string, MappingEntry> | undefined {
  const allowed = [...keys.required, ...(keys.optional ?? [])];
  if (!node || !isMap(node)) {
    if (!refuseAlias(src, node)) {
      addFinding(src, node ?? parent ?? 0, `${what} is not a mapping; allowed: a mapping with ${allowed.join(', ')}`);
    }
    return undefined;
  }
  const entries = new Map<string, MappingEntry>();
  for (const pair of (node as YAMLMap).items as Pair<Node, Node | null>[]) {
    const key = pair.key;
    if (!isScalar(key) || typeof key.value !== 'string') {
      addFinding(src, key ?? node, `a key of ${what} is not a plain name; allowed: ${allowed.join(', ')}`);
      continue;
    }
    if (!allowed.includes(key.value)) {
      const near = suggest(key.value, allowed);
      addFinding(src, key, `unknown key ${JSON.stringify(key.value)} in ${what}${near ? ` (did you mean "${near}"?)` : ''}; allowed: ${allowed.join(', ')}`);
      continue;
    }
    // The parser already reported a duplicate key; keep the first.
    if (!entries.has(key.value)) entries.set(key.value, { key, value: pair.value ?? null });
  }
  for (const name of keys.required) {
    if (!entries.has(name)) addFinding(src, node, `${what} has no "${name}"; allowed: a mapping with ${allowed.join(', ')}`);
  }
  return entries;
}

/** The items of a list, or undefined (with a finding) when `entry` is not a list. */
export function readList(src: YamlSource, entry: MappingEntry, what: string, allowed: string): Node[] | undefined {
  const node = entry.value;
  if (!node || !isSeq(node)) {
    if (!refuseAlias(src, node)) addFinding(src, node ?? entry.key, `${what} is not a list; allowed: ${allowed}`);
    return undefined;
  }
  return (node as YAMLSeq<Node>).items;
}

/** A non-empty string value, or undefined (with a finding). */
export function readString(src: YamlSource, entry: MappingEntry, what: string, allowed: string): string | undefined {
  const node = entry.value;
  if (refuseAlias(src, node)) return undefined;
  if (!node || !isScalar(node) || node.value === null || node.value === '') {
    addFinding(src, node ?? entry.key, `${what} is empty; allowed: ${allowed}`);
    return undefined;
  }
  if (typeof node.value !== 'string') {
    addFinding(src, node, `${what} is not text (${JSON.stringify(node.value)}); allowed: ${allowed}`);
    return undefined;
  }
  return node.value;
}

function refuseAlias(src: YamlSource, node: Node | null | undefined): boolean {
  if (!node || !isAlias(node)) return false;
  addFinding(src, node, 'an alias (*name) is not allowed here; allowed: the value written out in full');
  return true;
}

/** The closest allowed word within two edits, for a did-you-mean. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}
