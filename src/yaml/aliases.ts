// Alias safety measured on the tree, never by expanding it: an alias to nothing, an alias inside
// the node it names (a cycle), and aliases that would blow a small file up (a billion-laughs bomb).

import { isAlias, isMap, isPair, isSeq } from 'yaml';
import type { Node } from 'yaml';
import * as msg from './messages.ts';

/** Aliases may expand a file to at most this many nodes; real files stay far below. */
export const MAX_EXPANDED_NODES = 10_000;

export interface AliasProblem {
  offset: number;
  message: string;
}

/**
 * Measures, without expanding, how many nodes the document would have with every alias replaced
 * by its anchor's content. One pass in document order: an anchor's size is known when its node is
 * complete, so an alias to a node still being walked is a cycle.
 */
export function checkAliases(root: Node): AliasProblem | undefined {
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
