// Paths into a YAML file (`superUsers[1].email`) and the line:col they point at, so a check that
// works on plain data can still report where in the file its finding belongs.

import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { keyText } from './source.ts';
import type { YamlSource } from './source.ts';

export type PathSegment = string | number;

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

/**
 * The inverse of parsePath: the path as messages show it. `showKey` writes a key that is not a
 * plain name inside its brackets; a message about a secret passes one that hides it.
 */
export function formatPath(path: readonly PathSegment[], showKey: (key: string) => string = JSON.stringify): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${showKey(seg)}]`;
  }
  return out;
}
