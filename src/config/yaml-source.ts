// Parsing a tenant or platform file into a positioned YAML tree plus plain data, and mapping a JSON
// path back to the line:col of a key or value. YAML-level faults (syntax, duplicate keys, empty
// file, non-mapping top level, alias bombs) become findings here, before any schema runs, and the
// alias check measures expansion on the tree so a billion-laughs file is never expanded.

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { Finding } from '../errors/index.ts';
import * as msg from './messages.ts';

export type PathSegment = string | number;

/** A problem before it has a position: where (path + key or value) and what. */
export interface Issue {
  path: PathSegment[];
  /** `key` points at the key of the last segment, `value` at its value (falls back to the key). */
  target: 'key' | 'value';
  message: string;
  /** Set on secret findings: other issues at the same place are dropped so nothing echoes the value. */
  secret?: boolean;
}

export interface YamlSource {
  file: string;
  text: string;
  doc: Document;
  lineCounter: LineCounter;
}

export interface ParsedYaml {
  /** Absent when the file could not be parsed at all. */
  source?: YamlSource;
  /** The plain data; absent when YAML faults make validating it pointless. */
  data?: Record<string, unknown>;
  findings: Finding[];
}

/** Files larger than this are refused before parsing (a tenant file is a few hundred bytes). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Aliases may expand a file to at most this many nodes; real files stay far below. */
export const MAX_EXPANDED_NODES = 10_000;

/** How messages name the file (`a tenant file`) and the keys it must have, for an empty file. */
export interface FileKind {
  what: string;
  required: readonly string[];
}

export function parseYamlSource(text: string, file: string, kind: FileKind): ParsedYaml {
  const { what } = kind;
  const at = (line: number, col: number, message: string): ParsedYaml => ({ findings: [{ file, line, col, message }] });
  if (text.length > MAX_FILE_BYTES) return at(1, 1, msg.fileTooLarge(text.length, MAX_FILE_BYTES));

  const lineCounter = new LineCounter();
  // uniqueKeys off: duplicates are found below, where both positions are known for the message.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: false, logLevel: 'error' });
  const source: YamlSource = { file, text, doc, lineCounter };
  const findingAt = (offset: number, message: string): Finding => ({ file, ...lineCounter.linePos(offset), message });

  // The first syntax error only: later ones are usually consequences of it.
  const error = doc.errors[0];
  if (error) {
    const message = error.code === 'MULTIPLE_DOCS' ? msg.multipleDocuments(what) : msg.yamlSyntax(error.message);
    return { source, findings: [findingAt(error.pos[0], message)] };
  }
  const findings: Finding[] = doc.warnings.map((w) => findingAt(w.pos[0], msg.yamlWarning(w.message)));

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    return { source, findings: [...findings, { file, line: 1, col: 1, message: msg.emptyFile(what, kind.required) }] };
  }
  if (!isMap(root)) {
    const found = isSeq(root) ? 'a list' : isAlias(root) ? 'an alias' : `a single value`;
    return { source, findings: [...findings, findingAt(root.range?.[0] ?? 0, msg.notAMapping(what, found))] };
  }

  const aliasProblem = checkAliases(root);
  if (aliasProblem) return { source, findings: [...findings, findingAt(aliasProblem.offset, aliasProblem.message)] };

  for (const fault of findKeyFaults(root, [])) {
    const at = fault.key.range?.[0] ?? 0;
    if (!fault.first) findings.push(findingAt(at, msg.complexKey(formatPath(fault.path))));
    else findings.push(findingAt(at, msg.duplicateKey(String(fault.path.at(-1)), formatPath(fault.path.slice(0, -1)), lineCounter.linePos(fault.first.range?.[0] ?? 0).line)));
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_EXPANDED_NODES });
  } catch (err) {
    return { source, findings: [...findings, findingAt(root.range?.[0] ?? 0, msg.yamlSyntax((err as Error).message))] };
  }
  return { source, data: data as Record<string, unknown>, findings };
}

interface AliasProblem {
  offset: number;
  message: string;
}

/**
 * Measures, without expanding, how many nodes the document would have with every alias replaced
 * by its anchor's content. One pass in document order: an anchor's size is known when its node is
 * complete, so an alias to a node still being walked is a cycle.
 */
function checkAliases(root: Node): AliasProblem | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  let firstAlias: Node | undefined;
  let problem: AliasProblem | undefined;

  const size = (node: unknown): number => {
    if (problem || node === null || node === undefined) return 0;
    if (isAlias(node)) {
      firstAlias ??= node;
      const offset = node.range?.[0] ?? 0;
      const target = anchors.get(node.source);
      if (!target) {
        problem = { offset, message: msg.unresolvedAlias(node.source) };
        return 0;
      }
      const known = sizes.get(target);
      if (known === undefined) {
        problem = { offset, message: msg.recursiveAlias(node.source) };
        return 0;
      }
      return known;
    }
    if (isPair(node)) return size(node.key) + size(node.value);
    const n = node as Node;
    if (n.anchor) anchors.set(n.anchor, n);
    let total = 1;
    if (isMap(n) || isSeq(n)) {
      for (const item of n.items) total = Math.min(total + size(item), Number.MAX_SAFE_INTEGER);
    }
    sizes.set(n, total);
    return total;
  };

  const total = size(root);
  if (problem) return problem;
  if (total > MAX_EXPANDED_NODES && firstAlias) {
    return { offset: firstAlias.range?.[0] ?? 0, message: msg.aliasBomb(MAX_EXPANDED_NODES) };
  }
  return undefined;
}

/** A duplicate key (with the first occurrence) or a key that is a list or mapping (no `first`). */
interface KeyFault {
  /** The parent mapping's path for a complex key; the key's own path for a duplicate. */
  path: PathSegment[];
  key: Node;
  first?: Node;
}

function findKeyFaults(node: unknown, path: PathSegment[]): KeyFault[] {
  const out: KeyFault[] = [];
  if (isMap(node)) {
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      const key = keyText(pair);
      if (key === undefined) {
        if (pair.key) out.push({ path, key: pair.key as Node });
        continue;
      }
      const prior = seen.get(key);
      if (prior && pair.key) out.push({ path: [...path, key], key: pair.key as Node, first: prior });
      else if (pair.key) seen.set(key, pair.key as Node);
      out.push(...findKeyFaults(pair.value, [...path, key]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...findKeyFaults(item, [...path, i])));
  }
  return out;
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/**
 * The 1-based position of the key or value at `path`. When the path leads nowhere (a missing
 * property), the deepest existing key on the way is returned: for a missing required property
 * that is the key of the mapping that lacks it; at the top level, the start of the mapping.
 */
export function locatePath(source: YamlSource, path: readonly PathSegment[] | string, target: 'key' | 'value'): { line: number; col: number } {
  const segments = typeof path === 'string' ? parsePath(path) : path;
  let node: unknown = source.doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < segments.length; i++) {
    if (isAlias(node)) node = node.resolve(source.doc);
    const seg = segments[i];
    const last = i === segments.length - 1;
    if (isMap(node)) {
      // The last pair wins, as it does when the document becomes data.
      const pair = node.items.findLast((p) => keyText(p) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      if (last && target === 'key') break;
      node = pair.value;
      const value = node as Node | null;
      if (last && value?.range && !(isScalar(value) && value.value === null && value.range[0] === value.range[1])) {
        offset = value.range[0];
      }
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg];
      offset = (node as Node | null)?.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return source.lineCounter.linePos(offset);
}

/** `superUsers[1].email` → `['superUsers', 1, 'email']`; `clusters["a.b"].port` also works. */
export function parsePath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

/** The inverse of parsePath: the path as messages show it. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Turns issues into findings, dropping those a secret finding at the same place replaces. */
export function positionIssues(source: YamlSource, issues: readonly Issue[]): Finding[] {
  const secretPlaces = new Set(issues.filter((i) => i.secret).map((i) => placeKey(i)));
  return issues
    .filter((i) => i.secret || !secretPlaces.has(placeKey(i)))
    .map((i) => ({ file: source.file, ...locatePath(source, i.path, i.target), message: i.message }));
}

function placeKey(issue: Issue): string {
  return `${issue.target}:${JSON.stringify(issue.path)}`;
}
