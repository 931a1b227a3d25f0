// The messages of YAML-level faults and of mapping, list and text checks, shared by every file kind
// (tenant files, platform.yaml, the catalog): one line, `what is wrong; what is allowed`. `what`
// names the file kind (`a tenant file`, `the catalog`); `parent` is a path or a description of the
// mapping (`providers`, `a report entry`), empty at the top level.

import { didYouMean } from './did-you-mean.ts';

/** `a, b, c`, or `none` for an empty list (a message never ends in a bare colon). */
export function formatList(values: readonly string[]): string {
  return values.length ? values.join(', ') : 'none';
}

function inParent(parent: string): string {
  return parent ? ` in ${parent}` : '';
}

// ---- the file as YAML -------------------------------------------------------------------------

export function yamlSyntax(parserMessage: string): string {
  // The parser appends "at line L, column C" and a source excerpt; the finding has the position.
  const first = parserMessage.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '').replace(/[.:]\s*$/, '');
  return `invalid YAML: ${first}; the file must parse as YAML before anything else is checked`;
}

export function yamlWarning(parserMessage: string): string {
  return `unsupported YAML: ${parserMessage.split('\n')[0]}; allowed: plain mappings, lists and values without tags`;
}

export function multipleDocuments(what: string): string {
  return `more than one YAML document ("---" separator); ${what} holds exactly one`;
}

export function emptyFile(what: string, required: readonly string[]): string {
  return `the file is empty; ${what} is a mapping with the keys ${formatList(required)}`;
}

export function notAMapping(what: string, found: string): string {
  return `the top level is ${found}; ${what} must be a mapping of keys (key: value)`;
}

export function nestedTooDeep(limit: number): string {
  return `the YAML nests more than ${limit} levels deep here; allowed: at most ${limit} levels (lists and mappings inside each other)`;
}

export function fileTooLarge(size: number, limit: number): string {
  return `the file is ${size} bytes long; allowed: at most ${limit} bytes`;
}

export function aliasBomb(limit: number): string {
  return `YAML aliases would expand this file to more than ${limit} values (an alias bomb); refused without expanding; allowed: aliases expanding to at most ${limit} values`;
}

export function unresolvedAlias(name: string): string {
  return `alias *${name} refers to no anchor &${name} before it; define the anchor first or write the value out`;
}

export function recursiveAlias(name: string): string {
  return `alias *${name} refers to a node that contains it (a cycle); allowed: aliases to complete values`;
}

export function duplicateKey(key: string, parent: string, firstLine: number): string {
  return `duplicate key ${JSON.stringify(key)}${inParent(parent)} (first at line ${firstLine}); a key may appear only once in a mapping`;
}

export function complexKey(parent: string): string {
  return `a key${inParent(parent)} is a list or mapping; allowed: plain names as keys`;
}

// ---- keys of a mapping ------------------------------------------------------------------------

export function unknownKey(key: string, parent: string, allowed: readonly string[]): string {
  return `unknown key ${JSON.stringify(key)}${inParent(parent)}${didYouMean(key, allowed)}; allowed: ${formatList(allowed)}`;
}

export function missingKeys(parent: string, missing: readonly string[], required: readonly string[], condition?: string): string {
  const keys = missing.map((k) => JSON.stringify(k)).join(', ');
  const what = `missing required key${missing.length > 1 ? 's' : ''} ${keys}${inParent(parent)}`;
  return condition ? `${what}; required ${condition}` : `${what}; required: ${formatList(required)}`;
}

// ---- values read from the tree ----------------------------------------------------------------

export function notAMappingValue(what: string, allowed: readonly string[]): string {
  return `${what} is not a mapping; allowed: a mapping with ${formatList(allowed)}`;
}

export function notAList(what: string, allowed: string): string {
  return `${what} is not a list; allowed: ${allowed}`;
}

export function emptyValue(what: string, allowed: string): string {
  return `${what} is empty; allowed: ${allowed}`;
}

export function notText(what: string, value: unknown, allowed: string): string {
  return `${what} is not text (${JSON.stringify(value)}); allowed: ${allowed}`;
}

export function aliasNotAllowed(): string {
  return 'an alias (*name) is not allowed here; allowed: the value written out in full';
}
