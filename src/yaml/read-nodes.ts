// Reading a file's values straight from its positioned tree, for files checked by hand rather than
// by a JSON Schema (the catalog): each reader returns what it found or adds a finding at the exact
// key or value and returns undefined. Aliases are refused where a value is read: such files are
// written out in full, so an alias there is a mistake, not a shorthand.

import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLSeq } from 'yaml';
import type { Finding } from '../errors/index.ts';
import { suggestClosest } from './did-you-mean.ts';
import { findingAt, keyText } from './source.ts';
import type { YamlSource } from './source.ts';
import * as msg from './messages.ts';

/** A file being read: its source, for positions, and the findings gathered so far. */
export interface SourceFindings {
  source: YamlSource;
  findings: Finding[];
}

export interface MappingEntry {
  key: Node;
  value: Node | null;
}

export function addFinding(src: SourceFindings, at: Node | number, message: string): void {
  src.findings.push(findingAt(src.source, at, message));
}

/**
 * Checks that `node` is a mapping with only the allowed keys and every required one; returns its
 * entries by key, or undefined (with a finding) when it is not a mapping. `parent` positions the
 * finding when `node` is absent (an empty value). A required key that a misspelt key stands for
 * is not reported missing as well: one fault, one finding.
 */
export function readMapping(
  src: SourceFindings,
  node: Node | null | undefined,
  what: string,
  keys: { required: readonly string[]; optional?: readonly string[] },
  parent?: Node | number,
): Map<string, MappingEntry> | undefined {
  const allowed = [...keys.required, ...(keys.optional ?? [])];
  if (!node || !isMap(node)) {
    if (!refuseAlias(src, node)) addFinding(src, node ?? parent ?? 0, msg.notAMappingValue(what, allowed));
    return undefined;
  }
  const entries = new Map<string, MappingEntry>();
  const meant = new Set<string | undefined>();
  for (const pair of node.items as Pair<Node, Node | null>[]) {
    // A key that is a list or mapping was reported by the loader.
    const key = keyText(pair);
    if (key === undefined) continue;
    if (!allowed.includes(key)) {
      addFinding(src, pair.key, msg.unknownKey(key, what, allowed));
      meant.add(suggestClosest(key, allowed));
      continue;
    }
    // The loader reported a duplicate key; keep the first.
    if (!entries.has(key)) entries.set(key, { key: pair.key, value: pair.value ?? null });
  }
  const missing = keys.required.filter((name) => !entries.has(name) && !meant.has(name));
  if (missing.length) addFinding(src, node, msg.missingKeys(what, missing, keys.required));
  return entries;
}

/** The items of a list, or undefined (with a finding) when `entry` is not a list. */
export function readList(src: SourceFindings, entry: MappingEntry, what: string, allowed: string): Node[] | undefined {
  const node = entry.value;
  if (!node || !isSeq(node)) {
    if (!refuseAlias(src, node)) addFinding(src, node ?? entry.key, msg.notAList(what, allowed));
    return undefined;
  }
  return (node as YAMLSeq<Node>).items;
}

/** A non-empty string value, or undefined (with a finding). */
export function readString(src: SourceFindings, entry: MappingEntry, what: string, allowed: string): string | undefined {
  const node = entry.value;
  if (refuseAlias(src, node)) return undefined;
  if (!node || !isScalar(node) || node.value === null || node.value === '') {
    addFinding(src, node ?? entry.key, msg.emptyValue(what, allowed));
    return undefined;
  }
  if (typeof node.value !== 'string') {
    addFinding(src, node, msg.notText(what, node.value, allowed));
    return undefined;
  }
  return node.value;
}

function refuseAlias(src: SourceFindings, node: Node | null | undefined): boolean {
  if (!node || !isAlias(node)) return false;
  addFinding(src, node, msg.aliasNotAllowed());
  return true;
}
