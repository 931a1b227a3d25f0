// Keys the data model cannot hold faithfully: a key given twice in one mapping (the data would
// silently keep the last) and a key that is a list or mapping (the data would stringify it).

import { isMap, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { PathSegment } from './path.ts';
import { keyText } from './source.ts';

/** A duplicate key (with the first occurrence) or a key that is a list or mapping (no `first`). */
export interface KeyFault {
  /** The parent mapping's path for a complex key; the key's own path for a duplicate. */
  path: PathSegment[];
  key: Node;
  first?: Node;
}

export function findKeyFaults(node: unknown, path: PathSegment[]): KeyFault[] {
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
