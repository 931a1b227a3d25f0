// A problem found on a file's plain data before it has a position: the path of the key or value and
// what is wrong. Schema and rule checks work on data; positionIssues maps their issues back to the
// file's line:col through the tree, once, while the tree is still at hand.

import type { Finding } from '../errors/index.ts';
import { locatePath } from '../yaml/index.ts';
import type { PathSegment, YamlSource } from '../yaml/index.ts';

export interface Issue {
  path: PathSegment[];
  /** `key` points at the key of the last segment, `value` at its value (falls back to the key). */
  target: 'key' | 'value';
  message: string;
  /** Set on secret findings: other issues at the same place are dropped so nothing echoes the value. */
  secret?: boolean;
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
