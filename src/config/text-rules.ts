// What no text value of a tenant file or platform.yaml may hold, whatever its schema says: control
// characters (a NUL reaches PostgreSQL as "invalid byte sequence" mid-apply; ANSI escapes repaint
// a reviewer's terminal), bidirectional overrides that make a name read unlike its bytes, and
// names of nothing but blanks. Messages name the character by code point, never the text around it.
import { formatPath, type PathSegment } from '../yaml/index.ts';
import type { Issue } from './issues.ts';
import * as msg from './messages.ts';

/** C0 and C1 controls, DEL, and the bidirectional embedding, override and isolate marks. */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/u;

/** Fields shown to people as names: they must have something visible in them. */
const NAME_FIELDS = new Set(['name', 'firstName', 'lastName']);

/**
 * A message as one safe line: any forbidden character a message quotes (through a key name or a
 * value) is written as its escape, so a finding stays `file:line:col: message` on one line.
 */
export function escapeForbidden(message: string): string {
  return message.replace(new RegExp(FORBIDDEN.source, 'gu'), (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

export function checkText(data: unknown): Issue[] {
  const issues: Issue[] = [];
  walk(data, [], issues);
  return issues;
}

function walk(value: unknown, path: PathSegment[], issues: Issue[]): void {
  if (typeof value === 'string') {
    const bad = FORBIDDEN.exec(value);
    if (bad) issues.push({ path, target: 'value', message: msg.forbiddenCharacter(formatPath(path), bad[0], bad.index) });
    else if (NAME_FIELDS.has(String(path.at(-1))) && value.length > 0 && value.trim() === '') {
      issues.push({ path, target: 'value', message: msg.blankName(formatPath(path)) });
    }
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], issues));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = FORBIDDEN.exec(k);
      if (bad) issues.push({ path: [...path, k], target: 'key', message: msg.forbiddenCharacter(path.length ? `a key in ${formatPath(path)}` : 'a top-level key', bad[0], bad.index) });
      else walk(v, [...path, k], issues);
    }
  }
}
