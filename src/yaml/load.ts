// The one loader of the repository's YAML files (tenant files, platform.yaml, the catalog): text in,
// a positioned tree and findings out. YAML-level faults (size, syntax, several documents, tags,
// an empty file, a top level that is not a mapping, unsafe aliases, duplicate and complex keys)
// nesting deep enough to exhaust the stack, become findings here, before any file-specific check runs, and with the same words for every file.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Finding } from '../errors/index.ts';
import { checkAliases, MAX_EXPANDED_NODES } from './aliases.ts';
import { findTooDeep, MAX_DEPTH } from './depth.ts';
import { findKeyFaults } from './keys.ts';
import { formatPath } from './path.ts';
import { findingAt, positionOf } from './source.ts';
import type { YamlSource } from './source.ts';
import * as msg from './messages.ts';

/** Files larger than this are refused before parsing (a tenant file is a few hundred bytes). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** How messages name the file (`a tenant file`) and the keys it must have, for an empty file. */
export interface FileKind {
  what: string;
  required: readonly string[];
}

/**
 * `root` is the top-level mapping, present when the YAML is sound enough to check further (it
 * parsed, is one mapping, and its aliases are safe); findings may still hold duplicate keys and
 * the like. `source` is absent only when the file was refused before parsing.
 */
export type ParsedYaml =
  | { source: YamlSource; root: YAMLMap; findings: Finding[] }
  | { source?: YamlSource; root?: undefined; findings: Finding[] };

export function parseYamlSource(text: string, file: string, kind: FileKind): ParsedYaml {
  const { what } = kind;
  if (text.length > MAX_FILE_BYTES) return { findings: [{ file, line: 1, col: 1, message: msg.fileTooLarge(text.length, MAX_FILE_BYTES) }] };

  const lineCounter = new LineCounter();
  const tooDeep = findTooDeep(text);
  if (tooDeep !== undefined) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineCounter.addNewLine(i + 1);
    return { findings: [{ file, ...lineCounter.linePos(tooDeep), message: msg.nestedTooDeep(MAX_DEPTH) }] };
  }

  // uniqueKeys off: duplicates are found below, where both positions are known for the message.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: false, logLevel: 'error' });
  const source: YamlSource = { file, text, doc, lineCounter };
  const findings: Finding[] = [];
  const stop = (at: number, message: string) => ({ source, findings: [...findings, findingAt(source, at, message)] });

  // The first syntax error only: later ones are usually consequences of it.
  const error = doc.errors[0];
  if (error) return stop(error.pos[0], error.code === 'MULTIPLE_DOCS' ? msg.multipleDocuments(what) : msg.yamlSyntax(error.message));
  for (const w of doc.warnings) findings.push(findingAt(source, w.pos[0], msg.yamlWarning(w.message)));

  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return stop(0, msg.emptyFile(what, kind.required));
  if (!isMap(root)) {
    const found = isSeq(root) ? 'a list' : isAlias(root) ? 'an alias' : `a single value`;
    return stop(root.range?.[0] ?? 0, msg.notAMapping(what, found));
  }

  const aliasProblem = checkAliases(root);
  if (aliasProblem) return stop(aliasProblem.offset, aliasProblem.message);

  for (const fault of findKeyFaults(root, [])) {
    const message = fault.first
      ? msg.duplicateKey(String(fault.path.at(-1)), formatPath(fault.path.slice(0, -1)), positionOf(source, fault.first).line)
      : msg.complexKey(formatPath(fault.path));
    findings.push(findingAt(source, fault.key, message));
  }
  return { source, root, findings };
}

/**
 * The file as plain data (aliases expanded, the last of duplicate keys kept), for checks that work
 * on data; undefined when the YAML is not sound, or after adding a finding when it cannot be built.
 */
export function toPlainData(parsed: ParsedYaml): Record<string, unknown> | undefined {
  if (!parsed.root) return undefined;
  try {
    return parsed.source.doc.toJS({ maxAliasCount: MAX_EXPANDED_NODES }) as Record<string, unknown>;
  } catch (err) {
    parsed.findings.push(findingAt(parsed.source, parsed.root, msg.yamlSyntax((err as Error).message)));
    return undefined;
  }
}
